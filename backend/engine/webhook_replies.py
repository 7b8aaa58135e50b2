"""Answered webhook calls wake the enrollments parked for them (SPEC §9; issue 15).

A webhook node parks its enrollment until the call is answered
(:mod:`graph_engine.interpreter_webhook`). When the delivery records a 2xx, ``wake_parked``
— in the same transaction as the call's outcome and its ``save_response`` attributes — puts
the answer in the enrollment's state JSON (``state["reply"]``: ``{"key", "status",
"response_status", "duration_ms", "method", "url", "response", "saved"}``) and makes it due
(``wake_at`` = now). The delivery job then walks it at once; the interpreter logs the node
``done`` with the answer and goes on, and the next node sees the saved values (the walk
builds its snapshot from the database, after the commit that wrote them).

The safety net is the database: a woken enrollment is due, so if the job that should walk it
is lost (a worker killed, Redis flushed) the scheduler's due-waits tick walks it. An
enrollment is woken only when it is still active and parked at the call's node with the
call's key (``<enrollment>:<node>:<visit>``); one that left meanwhile (a goal, an exit rule)
is left alone — the call is recorded all the same.

A second net, ``rewake_answered(now)`` (the scheduler's housekeeping, once a minute): an
active enrollment with no wake time, parked at a node whose call is already ``sent`` but
whose state holds no answer (e.g. it was failed for another reason when the answer came, and
retried after) is given the answer and made due, so nothing waits for an answer forever.

``reply_json(call, change) -> dict`` the reply as stored; ``wake_parked(calls, changes, now)
-> list[int]`` the enrollments woken (the caller commits); ``rewake_answered(now, limit)
-> list[int]`` (commits).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select, update

from ..db.bulk_sql import in_values
from ..extensions import db
from ..models.enrollments import Enrollment
from ..models.statuses import EnrollmentStatus, WebhookStatus
from ..models.webhooks import WebhookCall

_ENROLLMENTS = Enrollment.__table__


def reply_json(call, change: dict) -> dict:
    """The answer a parked enrollment reads: the call's key, how it went and what was saved."""
    reply = {"key": call.effect_key, "status": change["st"], "response_status": change["rs"],
             "duration_ms": change["ms"], "method": call.method, "url": call.url,
             "response": change["ex"], "webhook_call_id": change["cid"]}
    if change["sv"]:
        reply["saved"] = change["sv"]
    if change["er"]:
        reply["error"] = change["er"]  # a 2xx with a note (e.g. the response was cut at 1 MB)
    return reply


def _parked_for(state: dict | None, call) -> bool:
    """Whether an enrollment's state is parked at the call's node, for this very call."""
    if not isinstance(state, dict) or state.get("node_id") != call.node_id \
            or not state.get("wait_started_at"):
        return False
    return f"{state.get('enrollment_id')}:{call.node_id}:{state.get('seq')}" == call.effect_key


def wake_parked(calls: dict, changes: list[dict], now: datetime) -> list[int]:
    """Put each 2xx answer in the state of the enrollment parked for it and make that
    enrollment due (see module docstring); returns the enrollments woken."""
    sent: dict[int, list[dict]] = {}
    for change in changes:
        enrollment_id = calls[change["cid"]].enrollment_id
        if change["st"] == WebhookStatus.SENT and enrollment_id:
            sent.setdefault(enrollment_id, []).append(change)
    if not sent:
        return []
    rows = db.session.execute(
        select(Enrollment.id, Enrollment.state).where(
            in_values(Enrollment.id, sorted(sent)), Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(Enrollment.id).with_for_update()).all()
    updates = []
    for enrollment_id, state in rows:
        for change in sent[enrollment_id]:
            call = calls[change["cid"]]
            if _parked_for(state, call):
                updates.append({"eid": enrollment_id, "wk": now, "up": now,
                                "st": {**state, "reply": reply_json(call, change)}})
    if updates:
        db.session.connection().execute(
            update(_ENROLLMENTS).where(_ENROLLMENTS.c.id == bindparam("eid"))
            .values(state=bindparam("st"), wake_at=bindparam("wk"), updated_at=bindparam("up")),
            updates)
    return [u["eid"] for u in updates]


def rewake_answered(now: datetime, limit: int = 500) -> list[int]:
    """Wake active, timer-less enrollments parked for a call that is already ``sent`` (see
    module docstring); returns the enrollments woken."""
    found = db.session.execute(
        select(WebhookCall.id, WebhookCall.effect_key, WebhookCall.method, WebhookCall.url,
               WebhookCall.node_id, WebhookCall.enrollment_id, WebhookCall.response_status,
               WebhookCall.response_excerpt, WebhookCall.duration_ms, WebhookCall.error,
               WebhookCall.saved)
        .join(Enrollment, Enrollment.id == WebhookCall.enrollment_id)
        .where(Enrollment.status == EnrollmentStatus.ACTIVE, Enrollment.wake_at.is_(None),
               Enrollment.current_node == WebhookCall.node_id,
               WebhookCall.status == WebhookStatus.SENT)
        .order_by(WebhookCall.id).limit(limit)).all()
    if not found:
        db.session.rollback()
        return []
    calls = {c.id: c for c in found}
    changes = [{"cid": c.id, "st": WebhookStatus.SENT.value, "rs": c.response_status,
                "ex": c.response_excerpt, "ms": c.duration_ms, "er": c.error, "sv": c.saved}
               for c in found]
    woken = wake_parked(calls, changes, now)
    db.session.commit()
    return woken
