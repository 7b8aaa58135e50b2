"""Performs the interpreter's effects inside the walker's transaction.

``perform(effect, ctx) -> dict`` runs one effect of ``graph_engine.effects``
and returns its result for the step log (``{"task_id": <pending task row>}``,
``{"emails": [<OutboxEmail>...]}``: rows, which become their ids when the step
log is serialised after the round's rows are written, so a batch of effects is
inserted in a few statements).
Everything here only writes rows, in the caller's transaction,
so a state change and its effects commit together or not at all (exactly
once). Emails are written to the outbox as ``queued`` rows; delivery over SMTP
happens after the commit (``engine.delivery``).

Raises ``ActionError`` for an effect that cannot be carried out (an unknown
template, a value that does not fit the attribute); the walker marks the
enrollment ``failed`` with that message.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import Integer, Text, cast, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.util import identity_key

from graph_engine import effects as fx

from ..extensions import db
from ..models.accounts import Account
from ..models.enrollments import Enrollment
from ..models.journeys import Journey
from ..models.outbox import OutboxEmail
from ..models.playbooks import Playbook, PlaybookEnrollment
from ..models.settings import AppSetting
from ..models.tasks import Task
from ..models.templates import EmailTemplate
from ..models.users import StaffUser
from ..db.row_buffer import RowBuffer
from ..rendering.merge import context_from_snapshot
from ..rendering.templating import TemplateError, render_email

DEFAULT_SENDER = "journeys@localhost"


class ActionError(Exception):
    """The effect cannot be carried out; the message is shown to support staff."""


@dataclass
class ActionContext:
    """What an effect needs, shared with the rest of its batch where it can be.

    The account's data is read from ``snapshot`` (taken at the start of the
    round; the interpreter stops after an account-changing effect, so it is
    never stale within one decision). ``account`` — the ORM row, for the
    effects that change it — is loaded on first use, for the whole batch.
    """

    enrollment: Enrollment
    journey: Journey
    snapshot: dict
    now: datetime
    staff: dict                # staff email -> StaffUser, shared by a batch
    staff_names: dict          # staff email -> name, shared by a batch
    rows: RowBuffer            # the round's buffered inserts (tasks)
    load_account: Callable[[int], Account]
    sender: str = DEFAULT_SENDER

    @property
    def account(self) -> Account:
        return self.load_account(self.enrollment.account_id)

    def user(self, field: str) -> StaffUser | None:
        """The account's ``csm`` or ``sales_manager`` (from the snapshot)."""
        return self.staff_user((self.snapshot.get("user") or {}).get(field))

    def staff_user(self, email: str | None) -> StaffUser | None:
        """The staff user with this email (any case), or None."""
        return self.staff.get(email.strip().lower()) if email else None

    def render_context(self, contact: dict | None = None) -> dict:
        return context_from_snapshot(self.snapshot, self.staff_names, contact)


def perform(effect: fx.Effect, ctx: ActionContext) -> dict:
    """Carry out ``effect`` (rows only, in the current transaction); returns its result."""
    handler = _HANDLERS.get(type(effect))
    if handler is None:
        raise ActionError(f"unsupported effect {effect.kind}")
    return handler(effect, ctx)


def _send_email(effect: fx.SendEmail, ctx: ActionContext) -> dict:
    subject, body = effect.subject, effect.body
    if effect.template:
        template = db.session.scalar(select(EmailTemplate).where(EmailTemplate.key == effect.template))
        if template is None:
            raise ActionError(f"email template {effect.template!r} does not exist")
        subject, body = template.subject, template.body
    account_id = ctx.enrollment.account_id
    csm = ctx.user("csm")
    if effect.to == "csm":
        recipients = [{"email": csm.email, "name": csm.name, "role": "csm"}] if csm else []
    else:
        contacts = ctx.snapshot.get("contacts") or []  # ordered as created
        if effect.to == "role":
            wanted = (effect.role or "").strip().lower()
            contacts = [c for c in contacts if (c["role"] or "").strip().lower() == wanted]
        recipients = [{"email": c["email"], "name": c["name"], "role": c["role"]}
                      for c in contacts if c["email"]]
    if not recipients:
        return {"emails": [], "skipped": f"no recipient ({_describe_to(effect)})"}
    sender = (csm.email if csm else ctx.sender) if effect.sender == "csm" else effect.sender
    emails = []
    for index, person in enumerate(recipients):
        try:
            rendered_subject, rendered_body = render_email(subject or "", body or "",
                                                           ctx.render_context(person))
        except TemplateError as exc:
            raise ActionError(f"the email could not be rendered: {exc}") from None
        row = OutboxEmail(to_address=person["email"], from_address=sender, subject=rendered_subject,
                          body=rendered_body, status="queued", account_id=account_id,
                          enrollment_id=ctx.enrollment.id, effect_key=f"{effect.key}:{index}",
                          created_at=ctx.now)
        db.session.add(row)
        emails.append(row)
    return {"emails": emails, "to": [e.to_address for e in emails], "from": sender}


def _describe_to(effect: fx.SendEmail) -> str:
    return {"csm": "the account has no CSM", "role": f"no contact with role {effect.role!r}"}.get(
        effect.to, "the account has no contacts")


def _create_task(effect: fx.CreateTask, ctx: ActionContext) -> dict:
    if effect.assignee in ("csm", "sales_manager"):
        assignee = ctx.user(effect.assignee)
    else:
        assignee = ctx.staff_user(effect.assignee)
    try:
        title, description = render_email(effect.title, effect.description or "", ctx.render_context())
    except TemplateError as exc:
        raise ActionError(f"the task text could not be rendered: {exc}") from None
    task = ctx.rows.add(Task.__table__, need_id=True, title=title, description=description,
                        assignee_id=assignee.id if assignee else None,
                        account_id=ctx.enrollment.account_id,
                        enrollment_id=ctx.enrollment.id, due_on=effect.due_on,
                        priority=effect.priority, status="open", created_at=ctx.now,
                        source_key=effect.key)
    result = {"task_id": task, "title": title, "due_on": effect.due_on.isoformat(),
              "assignee": assignee.email if assignee else None}
    if assignee is None:
        result["note"] = f"no {effect.assignee} on the account: the task is unassigned"
    return result


def _assign_csm(effect: fx.AssignCsm, ctx: ActionContext) -> dict:
    pool = [email.strip().lower() for email in (effect.pool or ())]
    if effect.strategy == "named":
        chosen = ctx.staff_user(effect.user)
    elif effect.strategy == "round_robin":
        chosen = ctx.staff_user(pool[_next_turn(pool) % len(pool)]) if pool else None
    else:  # least_accounts: serialise on the pool's turn row, then count
        _next_turn(pool)
        users = db.session.scalars(select(StaffUser).where(StaffUser.email.in_(pool))).all()
        counts = dict(db.session.execute(
            select(Account.csm_id, func.count()).where(Account.csm_id.in_([u.id for u in users]))
            .group_by(Account.csm_id)).all())
        chosen = min(users, key=lambda u: (counts.get(u.id, 0), u.email), default=None)
    if chosen is None:
        raise ActionError(f"no staff user to assign as CSM ({effect.strategy}: {effect.user or pool})")
    previous = db.session.get(StaffUser, ctx.account.csm_id) if ctx.account.csm_id else None
    ctx.account.csm_id = chosen.id
    ctx.account.updated_at = ctx.now
    return {"csm": chosen.email, "previous": previous.email if previous else None,
            "strategy": effect.strategy}


def _next_turn(pool: list[str]) -> int:
    """Atomically take the pool's next turn number.

    The UPDATE takes the row's write lock until commit, so concurrent workers
    take turns one after another and never hand out the same turn.
    """
    key = "csm-pool:" + ",".join(sorted(pool))
    bumped = db.session.execute(update(AppSetting).where(AppSetting.key == key)
                                .values(value=cast(cast(AppSetting.value, Integer) + 1, Text)))
    if bumped.rowcount == 0:
        try:
            with db.session.begin_nested():
                db.session.add(AppSetting(key=key, value="0"))
            return 0
        except IntegrityError:  # another worker created it first: take a turn on it
            return _next_turn(pool)
    return int(db.session.scalar(select(AppSetting.value).where(AppSetting.key == key)))


def _assign_playbook(effect: fx.AssignPlaybook, ctx: ActionContext) -> dict:
    playbook = db.session.scalar(select(Playbook).where(Playbook.key == effect.playbook))
    if playbook is None:
        raise ActionError(f"playbook {effect.playbook!r} does not exist")
    account_id = ctx.enrollment.account_id
    active = db.session.scalar(select(PlaybookEnrollment).where(
        PlaybookEnrollment.account_id == account_id, PlaybookEnrollment.playbook_id == playbook.id,
        PlaybookEnrollment.status == "active"))
    if active is not None:
        return {"playbook": playbook.key, "already_active": True, "due_on": _iso(active.due_on)}
    due_on = ctx.now.date() + timedelta(days=playbook.due_in_days or 0)
    db.session.add(PlaybookEnrollment(account_id=account_id, playbook_id=playbook.id, status="active",
                                      enrolled_at=ctx.now, due_on=due_on))
    return {"playbook": playbook.key, "due_on": due_on.isoformat()}


def _attribute_value(snapshot: dict, attribute: str):
    scope, _, name = attribute.partition(".")
    return (snapshot.get("account") if scope == "account" else snapshot.get("custom", {})).get(name)


def _write_attribute(ctx: ActionContext, attribute: str, value) -> dict:
    """Patch one account field or custom attribute through the accounts' write path."""
    from ..services import account_writes

    scope, _, name = attribute.partition(".")
    wire = value.isoformat() if hasattr(value, "isoformat") else value
    row = {"custom": {name: wire}} if scope == "custom" else {name: wire}
    external_id = ctx.snapshot["account"]["external_id"]
    items, errors = account_writes.prepare([row], "patch", external_ids=[external_id])
    if errors:
        raise ActionError(f"{attribute} cannot be set to {wire!r}: {errors[0][2]['message']}")
    account_writes.write(items, "patch")
    loaded = db.session.identity_map.get(identity_key(Account, ctx.enrollment.account_id))
    if loaded is not None:  # written with Core above: the ORM row is stale now
        db.session.expire(loaded)
    return {"attribute": attribute, "value": wire}


def _set_attribute(effect: fx.SetAttribute, ctx: ActionContext) -> dict:
    return {**_write_attribute(ctx, effect.attribute, effect.value),
            "previous": _json(_attribute_value(ctx.snapshot, effect.attribute))}


def _copy_attribute(effect: fx.CopyAttribute, ctx: ActionContext) -> dict:
    value = _attribute_value(ctx.snapshot, effect.source)
    return {**_write_attribute(ctx, effect.target, value), "from": effect.source}


def _clear_attribute(effect: fx.ClearAttribute, ctx: ActionContext) -> dict:
    return {**_write_attribute(ctx, effect.attribute, None),
            "previous": _json(_attribute_value(ctx.snapshot, effect.attribute))}


def _increase_attribute(effect: fx.IncreaseAttribute, ctx: ActionContext) -> dict:
    current = _attribute_value(ctx.snapshot, effect.attribute)
    base = current if isinstance(current, (int, float)) and not isinstance(current, bool) else 0
    result = base + effect.by
    if isinstance(result, float) and result.is_integer():
        result = int(result)
    return {**_write_attribute(ctx, effect.attribute, result), "previous": _json(current)}


def _unenroll_from(effect: fx.UnenrollFrom, ctx: ActionContext) -> dict:
    """The exit node's on_enroll_unenroll_from: end this account's other active enrollments."""
    query = select(Enrollment).join(Journey).where(
        Enrollment.account_id == ctx.enrollment.account_id, Enrollment.status == "active",
        Enrollment.id != ctx.enrollment.id)
    if effect.mode == "specific":
        query = query.where(Journey.key.in_(list(effect.journeys)))
    ended = []
    for other in db.session.scalars(query.with_for_update()).all():
        other.status, other.reason = "unenrolled", f"enrolled in {ctx.journey.key}"
        other.ended_at, other.wake_at = ctx.now, None
        ended.append(other.journey.key)
    return {"unenrolled_from": sorted(ended)}


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _iso(value):
    return value.isoformat() if value is not None else None


_HANDLERS = {
    fx.SendEmail: _send_email,
    fx.CreateTask: _create_task,
    fx.AssignCsm: _assign_csm,
    fx.AssignPlaybook: _assign_playbook,
    fx.SetAttribute: _set_attribute,
    fx.CopyAttribute: _copy_attribute,
    fx.ClearAttribute: _clear_attribute,
    fx.IncreaseAttribute: _increase_attribute,
    fx.UnenrollFrom: _unenroll_from,
}
