"""Webhook calls (SPEC §9): buffered in the walker's round, delivered after its commit.

``buffer_call(effect, enrollment, journey, rnd) -> dict`` (the action handler) renders
the request — URL, header values and the JSON body's strings with the account's merge
fields; ``{{ secret.NAME }}`` stays unrendered until the moment of sending, so no secret
is ever stored — and buffers a ``queued`` ``webhook_calls`` row (``effect_key`` unique:
one effect, one call) whose id goes to ``rnd.webhooks``.

``deliver_webhooks(ids, now=None) -> {status: n, "woken": [ids]}`` sends the due queued
calls, ``CLAIM`` at a time: *claim* (``queued`` → ``sending``, lease until ``now + LEASE``,
committed) so two workers never send one call at once; send on ``WEBHOOK_CONNECTIONS`` threads
(``outbound.client``: egress checks, pinned address, no redirects, 1 MB, rate limit); then
record every outcome in one statement: ``sent`` (the response, the parked enrollment's reply
— its step log's detail when it goes on — and ``save_response`` values written as account attributes, segments re-evaluated, the
accounts announced so goals and exits are checked at once), ``queued`` again with backoff
and jitter (``retry_delay``; ``Retry-After`` honoured) until ``retry_until`` (24 h), or
``failed`` (and the enrollment with it; Retry puts both back).

Every attempt carries ``Idempotency-Key: <effect key>`` and ``X-Journeys-Signature`` (signed
with the signing secret an admin made; with none, the call is not sent and fails with
``NO_SIGNING``: it is never made on the fly). A worker killed between sending and recording
leaves the call ``sending``; ``settle_interrupted_calls(now)`` marks calls whose lease passed
``uncertain`` (due at once) and they are sent again with the same key, staying ``uncertain``
until the resend is recorded — unlike an email, a webhook may be resent after a crash,
because the key lets the receiver drop the duplicate.

A 2xx wakes the enrollment parked at the node (``webhook_replies.wake_parked``, same
transaction); the caller (``jobs``) walks the ``"woken"`` enrollments at once.
"""
from __future__ import annotations

import json
import os
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import bindparam, case, or_, select, update

from graph_engine.webhook_config import SECRET_REF

from .. import clock
from ..db.bulk_sql import in_values
from ..events import accounts_changed
from ..extensions import db, get_redis
from ..models.enrollments import Enrollment, StepLog
from ..models.statuses import EnrollmentStatus, WebhookStatus
from ..models.webhooks import WebhookCall
from ..outbound import client as http, secret_box
from ..outbound.signing import signature
from ..outbound.render import put_secrets, render_body, render_header, render_url
from ..rendering.templating import TemplateError
from .errors import ActionError
from .webhook_replies import wake_parked

CLAIM = 100
LEASE = timedelta(minutes=5)
RETRY_FOR = timedelta(hours=24)
FIRST_RETRY = timedelta(seconds=20)
MAX_BACKOFF = timedelta(hours=1)
CONNECTIONS = 8
DUE_STATUSES = (WebhookStatus.QUEUED.value, WebhookStatus.UNCERTAIN.value)
NO_SIGNING = ("not sent: there is no signing secret for X-Journeys-Signature yet; an admin makes "
              "one under Webhooks → Secrets (its value is shown once), then Retry")
_TABLE = WebhookCall.__table__
_rng = random.Random()
_pools: dict[tuple, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


# -- in the round ---------------------------------------------------------------------------

def buffer_call(effect, enrollment, journey, rnd) -> dict:
    """Render ``effect`` (a ``CallWebhook``) for the enrollment's account and buffer its row;
    returns the step log's result. Raises ActionError when it cannot be rendered."""
    account_id = enrollment.account_id
    context = rnd.render_context(account_id)
    try:
        url = render_url(effect.url, context)
        headers = {name: render_header(value, context) for name, value in effect.headers}
        if effect.method == "GET":
            body = None
        elif effect.body is None:
            body = json.dumps(default_body(rnd.snapshots[account_id], journey, effect.node_id,
                                           enrollment.id), separators=(",", ":"), default=str)
        else:
            body = render_body(effect.body, context)
    except TemplateError as exc:
        raise ActionError(f"the webhook could not be rendered: {exc}") from None
    if body is not None and not any(n.lower() == "content-type" for n in headers):
        headers["Content-Type"] = "application/json"
    row = rnd.rows.add(
        _TABLE, need_id=True, effect_key=effect.key, status=WebhookStatus.QUEUED.value,
        method=effect.method, url=url, host=(urlsplit(url).hostname or "")[:300],
        request_headers=headers, request_body=body, timeout_s=effect.timeout_s,
        save_response=[{"path": p, "attribute": a} for p, a in effect.save_response], attempts=0,
        retry_until=rnd.now + RETRY_FOR, created_at=rnd.now, account_id=account_id,
        enrollment_id=enrollment.id, journey_id=enrollment.journey_id, node_id=effect.node_id)
    webhooks = getattr(rnd, "webhooks", None)
    if webhooks is not None:
        webhooks.append(row)
    return {"webhook_call_id": row, "method": effect.method, "url": url, "status": "queued"}


def default_body(snapshot: dict, journey, node_id: str, enrollment_id) -> dict:
    """The body when the node gives none: the account JSON with journey and node ids."""
    account = {k: _wire(v) for k, v in (snapshot.get("account") or {}).items()}
    account["custom"] = {k: _wire(v) for k, v in (snapshot.get("custom") or {}).items()}
    account.update({k: v for k, v in (snapshot.get("user") or {}).items()})
    account["segments"] = sorted(snapshot.get("segments") or ())
    return {"account": account, "journey": {"id": journey.id, "key": journey.key},
            "node": node_id, "enrollment_id": enrollment_id}


def _wire(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


# -- delivery -------------------------------------------------------------------------------

def deliver_webhooks(ids, now: datetime | None = None) -> dict:
    """Send each due queued (or uncertain) call in ``ids``; returns counts by resulting status
    and ``"woken"``: the enrollments parked for these calls that can now go on (made due in
    the same transaction; the caller walks them at once)."""
    counts: dict = {}
    woken: list[int] = []
    ids = sorted(set(int(i) for i in ids))
    for start in range(0, len(ids), CLAIM):
        moment = now or clock.now()
        claimed = _claim(ids[start:start + CLAIM], moment)
        if claimed:
            for status, n in _send_claimed(claimed, moment).items():
                if status == "woken":
                    woken += n
                else:
                    counts[status] = counts.get(status, 0) + n
    counts["woken"] = sorted(woken)
    return counts


def _claim(ids: list[int], now: datetime) -> list[int]:
    claimed = db.session.execute(
        update(WebhookCall).where(in_values(WebhookCall.id, ids), _due(now))
        .values(status=case((WebhookCall.status == WebhookStatus.UNCERTAIN, WebhookStatus.UNCERTAIN),
                            else_=WebhookStatus.SENDING),  # uncertain until a resend is recorded
                attempts=WebhookCall.attempts + 1, next_attempt_at=now + LEASE)
        .returning(WebhookCall.id)).scalars().all()
    db.session.commit()
    return sorted(claimed)


def _due(now: datetime):
    """Queued or uncertain calls whose next try is due (an uncertain one's lease has passed)."""
    return WebhookCall.status.in_(DUE_STATUSES) & or_(WebhookCall.next_attempt_at.is_(None),
                                                      WebhookCall.next_attempt_at <= now)


def _send_claimed(claimed: list[int], now: datetime) -> dict[str, int]:
    rows = db.session.execute(select(
        WebhookCall.id, WebhookCall.effect_key, WebhookCall.method, WebhookCall.url,
        WebhookCall.request_headers, WebhookCall.request_body, WebhookCall.timeout_s)
        .where(in_values(WebhookCall.id, claimed)).order_by(WebhookCall.id)).all()
    names = {n for row in rows for v in (row.request_headers or {}).values()
             for n in SECRET_REF.findall(v)}
    try:
        secrets = secret_box.load(names)
        signing = secret_box.signing_secret()
    except secret_box.SecretError as exc:
        db.session.rollback()
        return _record([(row.id, http.Outcome("failed", error=str(exc))) for row in rows], now)
    if signing is None:  # never made on the fly: an admin makes it and is shown it once
        return _record([(row.id, http.Outcome("failed", error=NO_SIGNING)) for row in rows], now)
    config = current_app.config
    allowed = config.get("WEBHOOK_ALLOWED_HOSTS", ())
    limiter = http.RateLimit(config.get("WEBHOOK_RATE", 20), _redis_or_none(),
                             f"journeys:{config.get('JOURNEYS_QUEUE', 'journeys')}")
    stamp = int(now.timestamp())
    ca_bundle = config.get("WEBHOOK_CA_BUNDLE")
    pool = _pool(int(config.get("WEBHOOK_CONNECTIONS", CONNECTIONS)))
    outcomes = list(pool.map(lambda row: _send_one(row, _prepare(row, secrets, signing, stamp),
                                                   allowed, limiter, ca_bundle), rows))
    return _record(outcomes, now)


def _pool(size: int) -> ThreadPoolExecutor:
    """This process's sending threads (kept between batches: starting threads for every claim
    cost more than the requests; one pool per process, since a forked worker has no threads)."""
    key = (os.getpid(), max(1, size))
    found = _pools.get(key)
    if found is None:
        with _pools_lock:
            found = _pools.get(key)
            if found is None:
                found = _pools[key] = ThreadPoolExecutor(key[1], thread_name_prefix="webhook")
    return found


def _redis_or_none():
    try:
        return get_redis()
    except Exception:  # noqa: BLE001 - no Redis configured: the limit is per process
        return None


def _prepare(row, secrets: dict, signing: str, stamp: int):
    """(headers, body bytes) as sent, or an Outcome when a secret is missing."""
    try:
        headers = put_secrets(row.request_headers, secrets)
    except KeyError as exc:
        return http.Outcome("failed", error=f"secret {exc.args[0]} does not exist (add it under "
                                             "Secrets, then retry)")
    body = row.request_body.encode() if row.request_body is not None else b""
    headers["Idempotency-Key"] = row.effect_key
    headers["X-Journeys-Signature"] = signature(signing, body, stamp)
    return headers, (body if row.request_body is not None else None)


def _send_one(row, prepared, allowed, limiter, ca_bundle) -> tuple[int, http.Outcome]:
    """(call id, outcome) of one attempt; never raises (every row gets an outcome)."""
    if isinstance(prepared, http.Outcome):
        return row.id, prepared
    try:
        return row.id, http.send(row.method, row.url, prepared[0], prepared[1], row.timeout_s,
                                 allowed=allowed, limiter=limiter, ca_bundle=ca_bundle)
    except Exception as exc:  # noqa: BLE001 - a bug or a library error: retried like a 5xx
        return row.id, http.Outcome("retry", error=f"{type(exc).__name__}: {exc}")


def retry_delay(attempt: int, rng: random.Random = _rng) -> timedelta:
    """Exponential backoff with jitter after the ``attempt``-th try: 10–20 s, 20–40 s, 40–80 s,
    ... up to 30–60 min."""
    base = min(FIRST_RETRY * (2 ** max(0, attempt - 1)), MAX_BACKOFF)
    return base * rng.uniform(0.5, 1.0)


def _record(outcomes: list[tuple[int, http.Outcome]], now: datetime) -> dict[str, int]:
    ids = [i for i, _ in outcomes]
    calls = {c.id: c for c in db.session.execute(select(
        WebhookCall.id, WebhookCall.effect_key, WebhookCall.attempts, WebhookCall.retry_until, WebhookCall.save_response,
        WebhookCall.account_id, WebhookCall.enrollment_id, WebhookCall.node_id, WebhookCall.method,
        WebhookCall.url).where(in_values(WebhookCall.id, ids)))}
    changes, counts, failed, saves = [], {}, [], {}
    for call_id, outcome in outcomes:
        call = calls[call_id]
        status, error, next_at, done_at = outcome.verdict, outcome.error, None, now
        if status == "retry":
            wait = retry_delay(call.attempts)
            if outcome.retry_after is not None:
                wait = max(wait, timedelta(seconds=outcome.retry_after))
            if now + wait <= _aware(call.retry_until):
                status, next_at, done_at = WebhookStatus.QUEUED.value, now + wait, None
            else:
                status = WebhookStatus.FAILED.value
                error = f"gave up after {call.attempts} tries over 24 h: {error}"
        saved = None
        if status == WebhookStatus.SENT and call.save_response and call.account_id:
            saved = _extract(outcome.body, call.save_response)
            saves[call_id] = (call.account_id, saved)
        if status == WebhookStatus.FAILED:
            failed.append((call, error))
        changes.append({"cid": call_id, "st": status, "rs": outcome.status, "ex": outcome.excerpt,
                        "ms": outcome.duration_ms, "er": error, "nx": next_at, "dn": done_at,
                        "sv": saved})
        counts[status] = counts.get(status, 0) + 1
    changed_accounts = _save_attributes(saves, changes, now)
    db.session.connection().execute(
        update(_TABLE).where(_TABLE.c.id == bindparam("cid"))
        .values(status=bindparam("st"), response_status=bindparam("rs"),
                response_excerpt=bindparam("ex"), duration_ms=bindparam("ms"), error=bindparam("er"),
                next_attempt_at=bindparam("nx"), completed_at=bindparam("dn"), saved=bindparam("sv")),
        changes)
    woken = wake_parked(calls, changes, now)
    for call, error in failed:
        _fail_enrollment(call, error, now)
    db.session.commit()
    if changed_accounts:
        accounts_changed(changed_accounts, "webhook")
    counts["woken"] = woken
    return counts


def _aware(moment: datetime) -> datetime:
    from datetime import timezone
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _extract(body: bytes | None, mappings: list) -> dict:
    """``{"values": {attribute: value}, "missing": [paths]}`` from a JSON response."""
    out: dict = {"values": {}, "missing": []}
    try:
        data = json.loads(body) if body else None
    except ValueError:
        return {"values": {}, "missing": [m["path"] for m in mappings], "error": "the response is not JSON"}
    for mapping in mappings:
        value, found = data, True
        for part in mapping["path"].split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                found = False
                break
        if found and (value is None or isinstance(value, (str, int, float, bool))):
            out["values"][mapping["attribute"]] = value
        else:
            out["missing"].append(mapping["path"])
    return out


def _save_attributes(saves: dict, changes: list, now: datetime) -> list[int]:
    """Write ``save_response`` values through the engine's attribute writer, then re-evaluate
    the accounts' segments; returns the accounts changed. A value that does not fit its
    attribute is noted on the call, not written."""
    if not saves:
        return []
    from ..segments.membership import reevaluate_accounts
    from .attributes import AttributeWriter

    writer, changed = AttributeWriter(), set()
    for call_id, (account_id, saved) in saves.items():
        for attribute, value in list(saved["values"].items()):
            try:
                writer.stage(account_id, attribute, value)
                changed.add(account_id)
            except ActionError as exc:
                saved.setdefault("errors", {})[attribute] = str(exc)
                del saved["values"][attribute]
    if changed:
        writer.write(now)
        reevaluate_accounts(sorted(changed), now.date())
    return sorted(changed)


def _fail_enrollment(call, error: str, now: datetime) -> None:
    if not call.enrollment_id:
        return
    enrollment = db.session.get(Enrollment, call.enrollment_id, with_for_update=True)
    if enrollment is None or enrollment.status == EnrollmentStatus.FAILED:
        return
    enrollment.status, enrollment.reason = EnrollmentStatus.FAILED, "webhook_failed"
    enrollment.error = f"{call.method} {call.url}: {error}"
    enrollment.ended_at, enrollment.wake_at = now, None
    enrollment.step_seq += 1
    db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=enrollment.journey_id,
                           seq=enrollment.step_seq, node_id=call.node_id or "?", type="webhook",
                           at=now, outcome="failed",
                           detail={"webhook_call_id": call.id, "method": call.method, "url": call.url,
                                   "error": error}))


# -- the scheduler's side -------------------------------------------------------------------

def due_webhook_ids(now: datetime, limit: int = 1000) -> list[int]:
    """Calls whose next try is due: retries, calls a lost job never sent, uncertain ones."""
    return list(db.session.scalars(
        select(WebhookCall.id).where(_due(now)).order_by(WebhookCall.id).limit(limit)))


RESENT_NOTE = ("uncertain: a worker stopped during this call, so whether it arrived is unknown; it "
               "is sent again with the same Idempotency-Key, so the receiver can drop a duplicate")


def settle_interrupted_calls(now: datetime) -> int:
    """Calls left ``sending`` past their lease (their worker died mid-request): ``uncertain``
    and due now — they stay ``uncertain`` (the Webhooks page shows them so) through the resend
    until its outcome is recorded; returns how many."""
    stale = db.session.scalar(select(WebhookCall.id).where(
        WebhookCall.status == WebhookStatus.SENDING, WebhookCall.next_attempt_at < now).limit(1))
    if stale is None:
        db.session.rollback()
        return 0
    result = db.session.execute(
        update(WebhookCall).where(WebhookCall.status == WebhookStatus.SENDING,
                                  WebhookCall.next_attempt_at < now)
        .values(status=WebhookStatus.UNCERTAIN, error=RESENT_NOTE, next_attempt_at=now))
    db.session.commit()
    return result.rowcount
