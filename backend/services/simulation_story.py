"""What a simulated walk would have done, in the words the timeline uses.

graph_engine's ``simulate`` reports each step with its day and the effect an
action would have; it sends and writes nothing, so there is no ``result``. This
module replays the walk over the account snapshot (the posted changes on their
days, then each account-changing action) and gives every step:

- ``at`` — the step's moment (ISO, UTC): the wake time of a wait that woke, else
  the start of the step's simulated day;
- for actions, ``detail.result`` in the shape the engine writes for real steps
  (``backend/engine/actions.py``), marked ``"simulated": true`` — an email's
  recipients and its subject and body with the merge fields rendered for the
  simulated account, a task's rendered title and description and its assignee,
  an attribute's previous and new value.

``tell(steps, snapshot, changes, start, catalog) -> steps`` (new dicts; the
input is left alone). Reads the templates and staff users; writes nothing.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Mapping

from sqlalchemy import func, select

from graph_engine.snapshot import set_values

from ..extensions import db
from ..models.accounts import Account
from ..models.settings import AppSetting, pool_turn_key
from ..models.suppressions import suppressed_among
from ..models.templates import EmailTemplate
from ..models.users import StaffUser
from ..rendering.merge import context_from_snapshot
from ..rendering.templating import TemplateError, render_email

_DAY = timedelta(days=1)
_WOKE = {"done", "timeout", "met"}
_ACTIONS = ("send_email", "create_task", "set_attribute", "clear_attribute", "increase_attribute",
            "copy_attribute", "assign_csm", "assign_playbook", "webhook")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _parse(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _moment(step: Mapping, start: datetime, current: datetime) -> datetime:
    """When ``step`` happened: a woken wait's wake time when it falls on the step's day."""
    day_start = start + step["day"] * _DAY
    detail = step.get("detail") if isinstance(step.get("detail"), Mapping) else {}
    if step["type"] == "wait" and step.get("outcome") in _WOKE:
        woke = _parse(detail.get("timeout_at") if step.get("outcome") == "timeout" else None) \
            or _parse(detail.get("wake_at"))
        if woke is not None and max(current, day_start) <= woke < day_start + _DAY:
            return woke
    return max(current, day_start)


def _get(snapshot: Mapping, attribute: str):
    section, _, name = attribute.partition(".")
    return (snapshot.get(section) or {}).get(name)


def _set(snapshot: Mapping, attribute: str, value, catalog) -> dict:
    new, _problems = set_values(snapshot, {attribute: value}, catalog)
    return new


class _Story:
    """Replays one walk: the snapshot as it stands at each step, and each action's result."""

    def __init__(self, snapshot: Mapping, catalog):
        self.snapshot = dict(snapshot)
        self.catalog = catalog
        self.staff = {email: name for email, name in db.session.execute(
            select(StaffUser.email, StaffUser.name))}
        self.templates: dict[str, tuple[str, str] | None] = {}

    def _template(self, key: str) -> tuple[str, str] | None:
        if key not in self.templates:
            row = db.session.scalar(select(EmailTemplate).where(EmailTemplate.key == key))
            self.templates[key] = (row.subject, row.body) if row else None
        return self.templates[key]

    def _context(self, contact=None) -> dict:
        return context_from_snapshot(self.snapshot, self.staff, contact)

    def _render(self, subject: str, body: str, contact=None) -> tuple[str, str]:
        try:
            return render_email(subject or "", body or "", self._context(contact))
        except TemplateError as exc:
            return f"(cannot render: {exc})", ""

    def _user(self, who: str | None) -> str | None:
        if who in ("csm", "sales_manager"):
            return (self.snapshot.get("user") or {}).get(who)
        return who or None

    def send_email(self, d: Mapping) -> dict:
        subject, body = d.get("subject") or "", d.get("body") or ""
        if d.get("template"):
            found = self._template(d["template"])
            if found is None:
                return {"skipped": f"email template {d['template']!r} does not exist", "simulated": True}
            subject, body = found
        to = d.get("to")
        if to in ("csm", "staff", "user"):
            address = self._user(d.get("user") if to == "user" else d.get("staff_field") or "csm")
            people = [{"email": address, "name": self.staff.get(address, "")}] if address else []
        else:  # all_contacts, or role: contacts with that role
            people = [c for c in self.snapshot.get("contacts") or [] if c.get("email")]
            if to == "role":
                wanted = (d.get("role") or "").strip().lower()
                people = [c for c in people if (c.get("role") or "").strip().lower() == wanted]
        if not people:
            return {"emails": [], "skipped": "no recipient on this account", "simulated": True}
        suppressed = []
        if to not in ("csm", "staff", "user") and not d.get("transactional"):
            # as the engine does (SPEC §8): a journey email skips contacts who unsubscribed
            gone = suppressed_among(p["email"] for p in people)
            suppressed = [p["email"] for p in people if p["email"].strip().lower() in gone]
            people = [p for p in people if p["email"].strip().lower() not in gone]
            if not people:
                return {"emails": [], "skipped": f"unsubscribed ({', '.join(suppressed)})",
                        "suppressed": suppressed, "simulated": True}
        rendered_subject, rendered_body = self._render(subject, body, people[0])
        sender = d.get("sender")
        if sender == "csm":
            sender = self._user("csm") or "the workspace sender"
        result = {"emails": [], "to": [p["email"] for p in people], "from": sender,
                  "subject": rendered_subject, "body": rendered_body, "simulated": True}
        if suppressed:
            result["suppressed"] = suppressed
        return result

    def create_task(self, d: Mapping) -> dict:
        title, description = self._render(d.get("title") or "", d.get("description") or "")
        assignee = self._user(d.get("assignee"))
        result = {"title": title, "description": description, "due_on": d.get("due_on"),
                  "assignee": assignee, "simulated": True}
        if assignee is None:
            result["note"] = f"no {d.get('assignee')} on the account: the task is unassigned"
        return result

    def set_attribute(self, d: Mapping) -> dict:
        previous = _get(self.snapshot, d["attribute"])
        self.snapshot = _set(self.snapshot, d["attribute"], d.get("value"), self.catalog)
        return {"attribute": d["attribute"], "previous": _iso(previous),
                "value": _iso(_get(self.snapshot, d["attribute"])), "simulated": True}

    def clear_attribute(self, d: Mapping) -> dict:
        return {**self.set_attribute({"attribute": d["attribute"], "value": None})}

    def increase_attribute(self, d: Mapping) -> dict:
        current = _get(self.snapshot, d["attribute"])
        base = current if isinstance(current, (int, float)) and not isinstance(current, bool) else 0
        value = base + (d.get("by") or 0)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return self.set_attribute({"attribute": d["attribute"], "value": value})

    def copy_attribute(self, d: Mapping) -> dict:
        result = self.set_attribute({"attribute": d["target"], "value": _iso(_get(self.snapshot, d["source"]))})
        return {**result, "from": d["source"]}

    def assign_csm(self, d: Mapping) -> dict:
        previous = self._user("csm")
        if d.get("strategy") != "named":
            # the CSM the pool would give now, so the steps after it (a task for the account's
            # CSM, an email from them) read as they will; nothing is taken from the rotation
            chosen = _pool_pick(d.get("strategy"), d.get("pool") or ())
            result = {"csm": chosen or "a CSM from the pool", "previous": previous,
                      "strategy": d.get("strategy"), "simulated": True}
            if chosen is None:
                return result
            self.snapshot["user"] = {**(self.snapshot.get("user") or {}), "csm": chosen}
            return {**result, "note": "the pool's pick as of now: accounts assigned before this "
                                      "one reaches the step can change it"}
        self.snapshot["user"] = {**(self.snapshot.get("user") or {}), "csm": d.get("user")}
        return {"csm": d.get("user"), "previous": previous, "simulated": True}

    def webhook(self, d: Mapping) -> dict:
        """The request it would send (SPEC §9), merge fields rendered for the simulated account;
        secrets stay ``{{ secret.NAME }}`` references. Nothing is sent."""
        from ..outbound.render import render_body, render_header, render_url

        context = self._context()
        method = d.get("method", "POST")
        try:
            url = render_url(d["url"], context)
            headers = {k: render_header(v, context) for k, v in (d.get("headers") or {}).items()}
            body = None if method == "GET" or d.get("body") is None else render_body(d["body"], context)
        except (TemplateError, ValueError) as exc:
            return {"simulated": True, "method": method, "url": d.get("url"),
                    "error": f"the webhook could not be rendered: {exc}"}
        request = {"simulated": True, "method": method, "url": url, "headers": headers, "body": body,
                   "idempotency_key": d.get("key")}
        if isinstance(d.get("result"), Mapping):  # the node's "done" step: a 2xx is assumed
            return {"simulated": True, "method": method, "url": url, **d["result"]}
        return request

    def assign_playbook(self, d: Mapping) -> dict:
        return {"playbook": d.get("playbook"), "simulated": True}


def _pool_pick(strategy: str | None, pool) -> str | None:
    """Whom ``assign_csm`` would choose from ``pool`` now, as the engine chooses
    (``engine.round``: the next turn of the pool's rotation; the fewest accounts, ties by
    email), without taking a turn; None when no one in it can own accounts."""
    emails = tuple(e.strip().lower() for e in pool if isinstance(e, str))
    users = {u.email.lower(): u for u in db.session.scalars(
        select(StaffUser).where(func.lower(StaffUser.email).in_(emails))) if u.role != "support"}
    if not users:
        return None
    if strategy == "round_robin":
        last = db.session.scalar(select(AppSetting.value).where(
            AppSetting.key == pool_turn_key(emails)))
        turn = int(last) + 1 if last is not None else 0
        chosen = users.get(emails[turn % len(emails)])
        return chosen.email if chosen else None
    counts = dict(db.session.execute(select(Account.csm_id, func.count()).where(
        Account.csm_id.in_([u.id for u in users.values()])).group_by(Account.csm_id)).all())
    return min(users.values(), key=lambda u: (counts.get(u.id, 0), u.email)).email


def tell(steps: list[dict], snapshot: Mapping, changes: list, start: datetime, catalog) -> list[dict]:
    """The steps with ``at`` and, for actions, a simulated ``detail.result``; see module docstring."""
    story = _Story(snapshot, catalog)
    pending = sorted(enumerate(changes), key=lambda item: (item[1]["at_day"], item[0]))
    out, current = [], start
    for step in steps:
        while pending and pending[0][1]["at_day"] <= step["day"]:
            story.snapshot, _ = set_values(story.snapshot, pending.pop(0)[1].get("set", {}), catalog)
        current = _moment(step, start, current)
        step = {**step, "at": current.isoformat()}
        detail = step.get("detail")
        if step["type"] == "action" and isinstance(detail, Mapping) and detail.get("kind") in _ACTIONS:
            result = getattr(story, detail["kind"])(detail)
            step["detail"] = {**detail, "result": result}
            if "skipped" in result and not result.get("emails") and not result.get("to"):
                step["outcome"] = "skipped"  # as the engine logs an email that went to no one
        out.append(step)
    return out
