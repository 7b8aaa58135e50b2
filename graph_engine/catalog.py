"""What a graph may name, and the typed fields every side agrees on.

Constants (SPEC §1; the backend's columns and the canvas's pickers use them):

- ``ACCOUNT_FIELDS`` — standard account field → type
  (``number``/``text``/``date``/``boolean``).
- ``SUBSCRIPTION_FIELDS`` — subscription field → type.
- ``WRITABLE_ACCOUNT_FIELDS`` — the ``account.<field>`` names actions may set,
  copy to, clear or increase (everything but ``external_id``).
- ``VALUE_TYPES`` — the four attribute types.
- ``vocabulary()`` → these fields with their types and the rule operators, as
  JSON for a rule builder (the front end reads them from ``GET /api/catalog``).

:class:`Catalog` — frozen: ``segments``, ``templates``, ``playbooks``,
``users`` (staff emails, compared case-insensitively), ``support_users``
(those of them who are read-only support staff: they can neither own an
account nor complete a task), ``milestones``,
``outcomes``, ``journeys`` (frozensets of keys), ``attributes`` (custom
attribute key, without ``custom.``, → type), ``contact_roles`` (a frozenset,
or None: any role), ``check_references`` (False: names are not looked up
and custom attributes may have any type).

- ``Catalog.build(**kwargs)`` accepts any iterables/mappings and freezes them.
- ``Catalog.permissive()`` checks no references (``validate(..., None)`` too).
- ``attribute_type(path, catalog)`` → the type of ``account.x``/``custom.x``
  (``"unknown"`` for a custom key under a permissive catalog), or None when
  the attribute does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .frozen import FrozenDict
from .rulespec import MEMBERSHIP_OPS, OPS_BY_TYPE, PLAYBOOK_OPS, USER_OPS

VALUE_TYPES = ("number", "text", "date", "boolean")

ACCOUNT_FIELDS = FrozenDict({
    "external_id": "text",
    "name": "text",
    "mrr": "number",
    "amount": "number",
    "licenses": "number",
    "created_on": "date",
    "next_billing_on": "date",
    "stage": "text",
    "status": "text",
    "timezone": "text",  # IANA name (SPEC §8); unset = the workspace default
})

# Actions may not write ``timezone``: only checked write paths (API, import) set it.
WRITABLE_ACCOUNT_FIELDS = frozenset(ACCOUNT_FIELDS) - {"external_id", "timezone"}

SUBSCRIPTION_FIELDS = FrozenDict({
    "status": "text",
    "product_name": "text",
    "plan_name": "text",
    "amount": "number",
    "mrr": "number",
    "plan_quantity": "number",
    "plan_unit_price": "number",
    "activated_on": "date",
    "cancelled_on": "date",
    "created_on": "date",
    "next_billing_on": "date",
    "ends_on": "date",
    "starts_on": "date",
    "trial_ends_on": "date",
    "trial_starts_on": "date",
})

UNKNOWN = "unknown"


def _fs(values) -> frozenset:
    return frozenset(values or ())


@dataclass(frozen=True)
class Catalog:
    """The workspace's names a graph may refer to (see module docstring)."""

    segments: frozenset = frozenset()
    templates: frozenset = frozenset()
    playbooks: frozenset = frozenset()
    users: frozenset = frozenset()
    milestones: frozenset = frozenset()
    outcomes: frozenset = frozenset()
    journeys: frozenset = frozenset()
    attributes: Mapping[str, str] = field(default_factory=FrozenDict)
    contact_roles: frozenset | None = None
    check_references: bool = True
    secrets: frozenset | None = None  # webhook header secrets (SPEC §9); None: not checked
    support_users: frozenset = frozenset()  # lower-cased emails of read-only support staff

    @classmethod
    def build(cls, *, segments: Iterable[str] = (), templates: Iterable[str] = (),
              playbooks: Iterable[str] = (), users: Iterable[str] = (),
              milestones: Iterable[str] = (), outcomes: Iterable[str] = (),
              journeys: Iterable[str] = (), attributes: Mapping[str, str] | None = None,
              contact_roles: Iterable[str] | None = None,
              secrets: Iterable[str] | None = None,
              support_users: Iterable[str] = ()) -> "Catalog":
        """Return a Catalog from plain iterables; users are lower-cased."""
        return cls(
            segments=_fs(segments), templates=_fs(templates), playbooks=_fs(playbooks),
            users=frozenset(u.lower() for u in users or ()),
            milestones=_fs(milestones), outcomes=_fs(outcomes), journeys=_fs(journeys),
            attributes=FrozenDict(attributes or {}),
            contact_roles=None if contact_roles is None else _fs(contact_roles),
            secrets=None if secrets is None else _fs(secrets),
            support_users=frozenset(u.lower() for u in support_users or ()),
        )

    @classmethod
    def permissive(cls) -> "Catalog":
        """A catalog under which no reference is checked."""
        return cls(check_references=False)

    def has(self, kind: str, key: str) -> bool:
        """True if ``key`` names an existing ``kind`` (always, if permissive).

        ``kind`` is one of the frozenset field names; ``users`` compares
        case-insensitively; ``contact_roles`` None accepts any role.
        """
        if not self.check_references:
            return True
        values = getattr(self, kind)
        if values is None:
            return True
        if kind == "users":
            return isinstance(key, str) and key.lower() in values
        return key in values

    def is_support(self, email) -> bool:
        """True if ``email`` names a read-only support user (never, if permissive)."""
        return self.check_references and isinstance(email, str) and email.lower() in self.support_users


def attribute_type(path: str, catalog: Catalog | None) -> str | None:
    """Type of an ``account.<field>``/``custom.<key>`` attribute, or None.

    Returns ``"unknown"`` for any custom key when references are not checked.
    """
    if not isinstance(path, str):
        return None
    prefix, _, name = path.partition(".")
    if not name:
        return None
    if prefix == "account":
        return ACCOUNT_FIELDS.get(name)
    if prefix == "custom":
        if catalog is None or not catalog.check_references:
            return UNKNOWN
        return catalog.attributes.get(name)
    return None


def vocabulary() -> dict:
    """The rule language's words for a rule builder (served by ``GET /api/catalog``).

    Returns ``{"fields": {"account": [{"key", "type", "writable"}], "subscription":
    [{"key", "type"}]}, "operators": {"number"|"text"|"date"|"boolean": [...],
    "membership": [...], "playbook": [...], "user": [...]}}``, fields in catalog order
    and operators in SPEC order.
    """
    return {
        "fields": {
            "account": [{"key": key, "type": kind, "writable": key in WRITABLE_ACCOUNT_FIELDS}
                        for key, kind in ACCOUNT_FIELDS.items()],
            "subscription": [{"key": key, "type": kind} for key, kind in SUBSCRIPTION_FIELDS.items()],
        },
        "operators": {**{kind: list(ops) for kind, ops in OPS_BY_TYPE.items()},
                      "membership": list(MEMBERSHIP_OPS), "playbook": list(PLAYBOOK_OPS),
                      "user": list(USER_OPS)},
    }
