"""Effects: what a step asks the outside world to do, as typed values.

Every effect is a frozen dataclass with ``node_id``, ``key`` (the
idempotency key ``f"{enrollment_id}:{node_id}:{seq}"``, the same on every
replay of the same step) and ``to_dict()`` (JSON, with ``"kind"``):

===================  ==========================================================
``SendEmail``        ``template`` or ``subject``+``body``; ``to`` = ``"all_contacts"``
                     | ``"role"`` (with ``role``) | ``"csm"`` | ``"staff"`` (with
                     ``staff_field`` = ``"csm"`` | ``"sales_manager"``: the account's
                     user in that field) | ``"user"`` (with ``user``: a staff email);
                     ``sender`` = ``"csm"`` | an email; ``transactional`` (SPEC §8)
``CreateTask``       ``title``, ``description``, ``assignee`` (``"csm"`` |
                     ``"sales_manager"`` | email), ``due_on`` (date), ``priority``
``AssignCsm``        ``strategy`` (named | round_robin | least_accounts), ``user``,
                     ``pool`` — the backend picks for the pool strategies
``AssignPlaybook``   ``playbook``
``SetAttribute``     ``attribute`` (``account.x``/``custom.x``), ``value`` (dates as
                     ``datetime.date``, ``days_from_now`` already resolved)
``CopyAttribute``    ``source``, ``target``
``ClearAttribute``   ``attribute``
``IncreaseAttribute`` ``attribute``, ``by`` (an unset or non-number value counts as 0)
``UnenrollFrom``     ``mode`` (all | specific), ``journeys`` — at enrollment only
``CallWebhook``      ``method``, ``url``, ``headers`` (pairs), ``body`` (JSON text or None:
                     the account JSON), ``timeout_s``, ``save_response`` (path, attribute
                     pairs) — the request as configured, merge fields not yet rendered
===================  ==========================================================

``ACCOUNT_CHANGING`` are the effect classes that change the account's data
(attributes, CSM, playbook). ``build_action_effect(node, key, today)`` turns
an action node into its effect. ``apply_effect(snapshot, effect)`` returns a
new snapshot with an account-changing effect applied (the input is not
modified; ``AssignCsm`` with a pool strategy changes nothing since only the
backend can pick; ``AssignPlaybook`` adds an active enrollment with no due
date). The simulator uses it; the backend may, to keep the same semantics.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from datetime import date, timedelta
from typing import ClassVar, Mapping

from .catalog import ACCOUNT_FIELDS
from .frozen import thaw
from .model import Node
from .rulespec import date_value, is_number


@lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, kw_only=True)
class Effect:
    """Base: ``node_id``, ``key``; subclasses set ``kind``."""

    node_id: str
    key: str
    kind: ClassVar[str] = "effect"

    def to_dict(self) -> dict:
        """JSON form: ``{"kind", "node_id", "key", ...fields}`` (dates ISO)."""
        out = {"kind": self.kind}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else \
                list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True, kw_only=True)
class SendEmail(Effect):
    """An email to contacts, the CSM, a staff field's user or a named staff user
    (merge fields rendered by the backend).

    ``to`` says whom: ``all_contacts``, ``role`` (contacts with ``role``), ``csm``
    (``{"csm": true}``), ``staff`` (the account's ``staff_field``: ``csm`` or
    ``sales_manager``, from ``{"staff": ...}``) or ``user`` (the staff user
    ``user``, from ``{"user": ...}``). Fields that do not apply are None.
    """

    template: str | None
    subject: str | None
    body: str | None
    to: str
    role: str | None
    sender: str
    staff_field: str | None = None
    user: str | None = None
    transactional: bool = False  # SPEC §8: not counted toward, nor held by, the frequency cap
    kind: ClassVar[str] = "send_email"

    @property
    def staff(self) -> str | None:
        """Same as ``staff_field`` (the name ``{"staff": ...}`` has in the graph)."""
        return self.staff_field

    @property
    def to_staff(self) -> bool:
        """True when the email goes to staff (CSM, a staff field or a named user), not contacts."""
        return self.to in ("csm", "staff", "user")


@dataclass(frozen=True, kw_only=True)
class CreateTask(Effect):
    """A human intervention task due on ``due_on``."""

    title: str
    description: str | None
    assignee: str
    due_on: date
    priority: str
    kind: ClassVar[str] = "create_task"


@dataclass(frozen=True, kw_only=True)
class AssignCsm(Effect):
    """Assign a CSM: ``user`` when named, else the backend picks from ``pool``."""

    strategy: str
    user: str | None
    pool: tuple
    kind: ClassVar[str] = "assign_csm"


@dataclass(frozen=True, kw_only=True)
class AssignPlaybook(Effect):
    """Enroll the account in a playbook."""

    playbook: str
    kind: ClassVar[str] = "assign_playbook"


@dataclass(frozen=True, kw_only=True)
class SetAttribute(Effect):
    """Set ``account.x``/``custom.x`` to ``value``."""

    attribute: str
    value: object
    kind: ClassVar[str] = "set_attribute"


@dataclass(frozen=True, kw_only=True)
class CopyAttribute(Effect):
    """Copy the value of ``source`` into ``target`` (unset clears)."""

    source: str
    target: str
    kind: ClassVar[str] = "copy_attribute"


@dataclass(frozen=True, kw_only=True)
class ClearAttribute(Effect):
    """Unset an attribute."""

    attribute: str
    kind: ClassVar[str] = "clear_attribute"


@dataclass(frozen=True, kw_only=True)
class IncreaseAttribute(Effect):
    """Add ``by`` (may be negative) to a number attribute."""

    attribute: str
    by: float
    kind: ClassVar[str] = "increase_attribute"


@dataclass(frozen=True, kw_only=True)
class UnenrollFrom(Effect):
    """At enrollment: leave all other journeys, or the ``specific`` ones."""

    mode: str
    journeys: tuple
    kind: ClassVar[str] = "unenroll_from"


@dataclass(frozen=True, kw_only=True)
class CallWebhook(Effect):
    """An HTTP request to another system (SPEC §9); the backend renders and sends it after
    the round commits, with ``key`` as its ``Idempotency-Key``."""

    method: str
    url: str
    headers: tuple
    body: str | None
    timeout_s: int
    save_response: tuple
    kind: ClassVar[str] = "webhook"

    def to_dict(self) -> dict:
        """The request it would send (simulate shows this; nothing is sent)."""
        return {"kind": self.kind, "node_id": self.node_id, "key": self.key,
                "method": self.method, "url": self.url, "headers": dict(self.headers),
                "body": self.body, "timeout_s": self.timeout_s,
                "save_response": [{"path": p, "attribute": a} for p, a in self.save_response],
                "idempotency_key": self.key}


ACCOUNT_CHANGING = (AssignCsm, AssignPlaybook, SetAttribute, CopyAttribute, ClearAttribute,
                    IncreaseAttribute)


def build_action_effect(node: Node, key: str, today: date) -> Effect:
    """The effect of an (already validated) action node."""
    cfg = thaw(node.config)
    kind, nid = cfg["action"], node.id
    if kind == "send_email":
        return _send_email(cfg, nid, key)
    if kind == "create_task":
        return CreateTask(node_id=nid, key=key, title=cfg["title"], description=cfg.get("description"),
                          assignee=cfg["assignee"], due_on=today + timedelta(days=cfg["due_in_days"]),
                          priority=cfg["priority"])
    if kind == "assign_csm":
        return AssignCsm(node_id=nid, key=key, strategy=cfg["strategy"], user=cfg.get("user"),
                         pool=tuple(cfg.get("pool", ())))
    if kind == "assign_playbook":
        return AssignPlaybook(node_id=nid, key=key, playbook=cfg["playbook"])
    if kind == "set_attribute":
        return SetAttribute(node_id=nid, key=key, attribute=cfg["attribute"],
                            value=_resolve_value(cfg["attribute"], cfg["value"], today))
    if kind == "copy_attribute":
        return CopyAttribute(node_id=nid, key=key, source=cfg["from"], target=cfg["to"])
    if kind == "clear_attribute":
        return ClearAttribute(node_id=nid, key=key, attribute=cfg["attribute"])
    if kind == "webhook":
        return CallWebhook(node_id=nid, key=key, method=cfg.get("method", "POST"), url=cfg["url"],
                           headers=tuple((cfg.get("headers") or {}).items()), body=cfg.get("body"),
                           timeout_s=cfg.get("timeout_s", 10),
                           save_response=tuple((m["path"], m["attribute"])
                                               for m in cfg.get("save_response", ())))
    return IncreaseAttribute(node_id=nid, key=key, attribute=cfg["attribute"], by=cfg["by"])


def _send_email(cfg: dict, nid: str, key: str) -> SendEmail:
    to = cfg["to"]
    contacts = to.get("contacts")
    if to.get("csm"):
        target = "csm"
    elif "staff" in to:
        target = "staff"
    elif "user" in to:
        target = "user"
    else:
        target = "all_contacts" if contacts == "all" else "role"
    return SendEmail(node_id=nid, key=key, template=cfg.get("template"), subject=cfg.get("subject"),
                     body=cfg.get("body"), to=target, role=contacts["role"] if target == "role" else None,
                     sender=cfg.get("from", "csm"), staff_field=to.get("staff"), user=to.get("user"),
                     transactional=bool(cfg.get("transactional", False)))


def _resolve_value(attribute: str, value, today: date):
    """Dates (ISO or days_from_now) → date; other values unchanged."""
    if isinstance(value, dict) or (isinstance(value, str) and attribute_is_date(attribute, value)):
        parsed = date_value(value)
        if parsed is not None:
            return parsed[1] if parsed[0] == "abs" else today + timedelta(days=parsed[1])
    return value


def attribute_is_date(attribute: str, value: str) -> bool:
    """Whether a text value of set_attribute is a date: always for the standard
    date fields; for custom attributes when it is an ISO date (the validator
    has checked it fits the type; a backend storing it in a text attribute
    writes ``value.isoformat()``)."""
    prefix, _, name = attribute.partition(".")
    if prefix == "account":
        return ACCOUNT_FIELDS.get(name) == "date"
    return date_value(value) is not None


def _section(attribute: str) -> tuple[str, str]:
    prefix, _, name = attribute.partition(".")
    return prefix, name


def get_attribute(snapshot: Mapping, attribute: str):
    """Value of ``account.x``/``custom.x`` in a snapshot (None if unset)."""
    section, name = _section(attribute)
    return (snapshot.get(section) or {}).get(name)


def _with(snapshot: Mapping, attribute: str, value) -> dict:
    section, name = _section(attribute)
    new = dict(snapshot)
    part = dict(new.get(section) or {})
    if value is None:
        part.pop(name, None)
    else:
        part[name] = value
    new[section] = part
    return new


def set_attribute(snapshot: Mapping, attribute: str, value) -> dict:
    """A new snapshot with ``account.x``/``custom.x`` set to ``value`` (None unsets it)."""
    return _with(snapshot, attribute, value)


def apply_effect(snapshot: Mapping, effect: Effect) -> dict:
    """Return a new snapshot with ``effect`` applied (see module docstring)."""
    if isinstance(effect, SetAttribute):
        return _with(snapshot, effect.attribute, effect.value)
    if isinstance(effect, ClearAttribute):
        return _with(snapshot, effect.attribute, None)
    if isinstance(effect, CopyAttribute):
        return _with(snapshot, effect.target, get_attribute(snapshot, effect.source))
    if isinstance(effect, IncreaseAttribute):
        current = get_attribute(snapshot, effect.attribute)
        return _with(snapshot, effect.attribute, (current if is_number(current) else 0) + effect.by)
    new = dict(snapshot)
    if isinstance(effect, AssignCsm) and effect.strategy == "named":
        new["user"] = {**(snapshot.get("user") or {}), "csm": effect.user}
    elif isinstance(effect, AssignPlaybook):
        new["playbooks"] = {**(snapshot.get("playbooks") or {}),
                            effect.playbook: {"status": "active", "due_on": None}}
    return new
