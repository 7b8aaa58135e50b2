"""Performs the interpreter's effects inside the walker's round.

``perform(effect, enrollment, journey, rnd) -> dict`` runs one effect of
``graph_engine.effects`` and returns its result for the step log. Nothing here
commits: rows go into the round's buffers (``rnd.rows``: tasks, outbox emails,
playbook enrollments — one COPY or INSERT per table at the end of the round)
and account changes into its writer (``rnd.attributes``), so a state change
and its effects commit together or not at all (exactly once). Emails are
``queued`` outbox rows, delivered after the commit (``engine.delivery``).

Account-changing effects are applied to the round's in-memory snapshot with
graph_engine's own ``apply_effect`` (one implementation of the attribute
arithmetic for simulate and the real walk) and staged for writing; the
walker goes on with the changed snapshot at once. A CSM picked from a pool
(round robin, least accounts) is chosen after the wave, for all the wave's
enrollments at once (``Round.resolve``).

Raises ``ActionError`` for an effect that cannot be carried out (an unknown
template, a value that does not fit the attribute); the walker marks the
enrollment ``failed`` with that message.
"""
from __future__ import annotations

from datetime import date, timedelta


from graph_engine import effects as fx

from ..models.outbox import OutboxEmail
from ..models.playbooks import PlaybookEnrollment
from ..models.statuses import EnrollmentStatus, OutboxStatus, PlaybookStatus, TaskStatus
from ..models.tasks import Task
from ..models.users import CANNOT_OWN_TASKS
from ..rendering.links import unsubscribe_url
from ..rendering.templating import TemplateError, render_email, render_text
from .errors import ActionError

__all__ = ["ActionError", "perform", "wire"]


def perform(effect: fx.Effect, enrollment: Enrollment, journey: Journey, rnd) -> dict:
    """Carry out ``effect`` into the round's buffers; returns its result (see module docstring)."""
    handler = _HANDLERS.get(type(effect))
    try:
        if handler is None:
            raise ActionError(f"unsupported effect {effect.kind}")
        return handler(effect, enrollment, journey, rnd)
    except ActionError as exc:
        raise exc.at(effect)  # the step the failure is logged at, and the effect to stop before


def _send_email(effect: fx.SendEmail, enrollment, journey, rnd) -> dict:
    subject, body, html_body = effect.subject, effect.body, None
    if effect.template:
        template = rnd.template(effect.template)
        if template is None:
            raise ActionError(f"email template {effect.template!r} does not exist")
        subject, body, html_body = template
    account_id = enrollment.account_id
    snapshot = rnd.snapshots[account_id]
    recipients = _recipients(effect, snapshot, rnd)
    if not recipients:
        return {"emails": [], "skipped": f"no recipient ({_describe_to(effect)})"}
    csm = rnd.user(snapshot, "csm")
    sender = (csm.email if csm else rnd.sender) if effect.sender == "csm" else effect.sender
    # SPEC §8: a journey email to a contact carries List-Unsubscribe and skips suppressed
    # addresses; staff alerts and transactional emails do neither (README: Unsubscribe).
    unsubscribable = not effect.to_staff and not getattr(effect, "transactional", False)
    # The merge field is signed per recipient only when the email uses it (delivery adds the
    # List-Unsubscribe header on its own): a template without it renders the same either way.
    merge_unsubscribe = unsubscribable and any(
        "unsubscribe_url" in part for part in (subject, body, html_body) if part)
    emails, addresses, suppressed = [], [], []
    # With no mail server, the outbox keeps them (viewable in the UI): no delivery to run.
    status = (OutboxStatus.QUEUED if rnd.deliver else OutboxStatus.KEPT).value
    for index, person in enumerate(recipients):
        if unsubscribable and person["email"] in rnd.suppressed:
            suppressed.append(person["email"])
            continue
        key = f"{effect.key}:{index}"
        context = rnd.render_context(account_id, person)
        if merge_unsubscribe:
            links = rnd.links
            context = {**context, "unsubscribe_url": unsubscribe_url(
                links.public_url, links.secret, person["email"], key)}
        try:
            rendered_subject, rendered_body = render_email(subject or "", body or "", context)
            rendered_html = render_text(html_body, context, html=True) if html_body else None
        except TemplateError as exc:
            raise ActionError(f"the email could not be rendered: {exc}") from None
        emails.append(rnd.rows.add(
            _OUTBOX, need_id=True, to_address=person["email"], from_address=sender,
            subject=rendered_subject, body=rendered_body, html_body=rendered_html, status=status,
            account_id=account_id, enrollment_id=enrollment.id, attempts=0,
            effect_key=key, created_at=rnd.now, unsubscribable=unsubscribable,
            journey_id=enrollment.journey_id, node_id=effect.node_id, template_key=effect.template))
        addresses.append(person["email"])
        if unsubscribable:  # counted against the frequency cap from now on (SPEC §8)
            rnd.delivery.count(person["email"], key)
    if rnd.deliver:
        rnd.emails += emails
    if not emails:
        return {"emails": [], "skipped": f"unsubscribed ({', '.join(suppressed)})",
                "suppressed": suppressed}
    result = {"emails": emails, "to": addresses, "from": sender}
    if suppressed:
        result["suppressed"] = suppressed
    return result


def _recipients(effect: fx.SendEmail, snapshot: dict, rnd) -> list[dict]:
    """Who an email goes to: contacts (all or by role), the CSM, the account's CSM or sales
    manager (``staff``), or a named staff user (``user``)."""
    if effect.to in ("csm", "staff", "user"):
        if effect.to == "user":
            person, role = rnd.staff_user(effect.user), "staff"
        else:
            field = effect.staff_field if effect.to == "staff" else "csm"
            person, role = rnd.user(snapshot, field), field
        return [{"email": person.email, "name": person.name, "role": role}] if person else []
    contacts = snapshot.get("contacts") or []  # ordered as created
    if effect.to == "role":
        wanted = (effect.role or "").strip().lower()
        contacts = [c for c in contacts if (c["role"] or "").strip().lower() == wanted]
    return [{"email": c["email"], "name": c["name"], "role": c["role"]}
            for c in contacts if c["email"]]


def _describe_to(effect: fx.SendEmail) -> str:
    return {"csm": "the account has no CSM",
            "staff": f"the account has no {(effect.staff_field or 'csm').replace('_', ' ')}",
            "user": f"no staff user {effect.user!r}",
            "role": f"no contact with role {effect.role!r}"}.get(effect.to,
                                                                 "the account has no contacts")


def _create_task(effect: fx.CreateTask, enrollment, journey, rnd) -> dict:
    snapshot = rnd.snapshots[enrollment.account_id]
    note = None
    if effect.assignee in ("csm", "sales_manager"):
        assignee = rnd.user(snapshot, effect.assignee)
    else:
        assignee = rnd.staff_user(effect.assignee)
        if assignee is not None and assignee.role in CANNOT_OWN_TASKS:  # became support since publish
            note = (f"{assignee.email} is support staff (read-only) and cannot complete tasks: "
                    "the task is unassigned")
            assignee = None
    try:
        title, description = render_email(effect.title, effect.description or "",
                                          rnd.render_context(enrollment.account_id))
    except TemplateError as exc:
        raise ActionError(f"the task text could not be rendered: {exc}") from None
    task = rnd.rows.add(_TASKS, need_id=True, title=title, description=description,
                        assignee_id=assignee.id if assignee else None,
                        account_id=enrollment.account_id, enrollment_id=enrollment.id,
                        due_on=effect.due_on, priority=effect.priority,
                        status=TaskStatus.OPEN.value, created_at=rnd.now, source_key=effect.key)
    result = {"task_id": task, "title": title, "due_on": effect.due_on.isoformat(),
              "assignee": assignee.email if assignee else None}
    if note is not None:
        result["note"] = note
    elif assignee is None:
        result["note"] = f"no {effect.assignee} on the account: the task is unassigned"
    return result


def _assign_csm(effect: fx.AssignCsm, enrollment, journey, rnd) -> dict:
    previous = (rnd.snapshots[enrollment.account_id].get("user") or {}).get("csm")
    result = {"csm": None, "previous": previous, "strategy": effect.strategy}
    if effect.strategy == "named":
        chosen = rnd.staff_user(effect.user)
        if chosen is None or chosen.role == "support":
            raise ActionError(f"no staff user to assign as CSM (named: {effect.user}; support staff "
                              "cannot own accounts)")
        rnd.set_csm(enrollment.account_id, chosen)
        result["csm"] = chosen.email
    else:  # a pool: chosen for the whole wave at once, after it (Round.resolve)
        rnd.defer_csm(effect, enrollment, result)
    return result


def _assign_playbook(effect: fx.AssignPlaybook, enrollment, journey, rnd) -> dict:
    playbook = rnd.playbook(effect.playbook)
    if playbook is None:
        raise ActionError(f"playbook {effect.playbook!r} does not exist")
    account_id = enrollment.account_id
    snapshot = rnd.snapshots[account_id]
    current = (snapshot.get("playbooks") or {}).get(playbook.key)
    if current is not None and current["status"] == PlaybookStatus.ACTIVE:
        return {"playbook": playbook.key, "already_active": True,
                "due_on": _iso(current.get("due_on"))}
    due_on = rnd.now.date() + timedelta(days=playbook.due_in_days or 0)
    if current is None:
        rnd.rows.add(_PLAYBOOK_ENROLLMENTS, account_id=account_id, playbook_id=playbook.id,
                     status=PlaybookStatus.ACTIVE.value, enrolled_at=rnd.now, due_on=due_on)
    else:  # completed before: one row per account and playbook, made active again
        rnd.reactivate_playbook(account_id, playbook.id, due_on)
    rnd.apply(account_id, lambda snap: {
        **snap, "playbooks": {**(snap.get("playbooks") or {}),
                              playbook.key: {"status": PlaybookStatus.ACTIVE.value,
                                             "due_on": due_on}}}, "playbook")
    return {"playbook": playbook.key, "due_on": due_on.isoformat()}


def _change_attribute(effect, enrollment, rnd, attribute: str) -> tuple:
    """Apply an attribute effect to the snapshot (graph_engine's arithmetic), stage the
    value; returns (previous, stored)."""
    account_id = enrollment.account_id
    before = rnd.snapshots[account_id]
    previous = fx.get_attribute(before, attribute)
    wanted = fx.get_attribute(fx.apply_effect(before, effect), attribute)
    stored = rnd.attributes.stage(account_id, attribute, wanted)
    rnd.apply(account_id, lambda snap: fx.set_attribute(snap, attribute, stored), attribute)
    return previous, stored


def _set_attribute(effect: fx.SetAttribute, enrollment, journey, rnd) -> dict:
    previous, stored = _change_attribute(effect, enrollment, rnd, effect.attribute)
    return {"attribute": effect.attribute, "value": wire(stored), "previous": wire(previous)}


def _copy_attribute(effect: fx.CopyAttribute, enrollment, journey, rnd) -> dict:
    _, stored = _change_attribute(effect, enrollment, rnd, effect.target)
    return {"attribute": effect.target, "value": wire(stored), "from": effect.source}


def _clear_attribute(effect: fx.ClearAttribute, enrollment, journey, rnd) -> dict:
    previous, _ = _change_attribute(effect, enrollment, rnd, effect.attribute)
    return {"attribute": effect.attribute, "value": None, "previous": wire(previous)}


def _increase_attribute(effect: fx.IncreaseAttribute, enrollment, journey, rnd) -> dict:
    previous, stored = _change_attribute(effect, enrollment, rnd, effect.attribute)
    return {"attribute": effect.attribute, "value": wire(stored), "previous": wire(previous),
            "by": wire(effect.by)}


def _unenroll_from(effect: fx.UnenrollFrom, enrollment, journey, rnd) -> dict:
    """The exit node's on_enroll_unenroll_from: end this account's other active enrollments,
    for the whole wave at once after it (``Round.resolve``), which fills the result."""
    result = {"unenrolled_from": []}
    rnd.defer_unenroll(effect, enrollment, journey, result)
    return result


def _call_webhook(effect: fx.CallWebhook, enrollment, journey, rnd) -> dict:
    from .webhooks import buffer_call  # SPEC §9: rendered and queued here, sent after commit

    return buffer_call(effect, enrollment, journey, rnd)


def wire(value):
    """A value as the step log shows it: dates ISO, whole numbers without ``.0``."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def _iso(value):
    return value.isoformat() if value is not None else None


_OUTBOX, _TASKS = OutboxEmail.__table__, Task.__table__
_PLAYBOOK_ENROLLMENTS = PlaybookEnrollment.__table__
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
    fx.CallWebhook: _call_webhook,
}
