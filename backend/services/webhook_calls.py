"""Outbound webhook calls as the API shows them, Retry, and the designer's test request.

Call JSON: ``{"id", "status", "method", "url", "host", "attempts", "next_attempt_at",
"retry_until", "response_status", "response_excerpt", "duration_ms", "error", "saved", "created_at",
"completed_at", "node_id", "journey": {"id", "key", "name"} | None, "account":
{"external_id", "name"} | None, "enrollment_id", "request": {"headers", "body"}}`` — header
values as stored, with ``{{ secret.NAME }}`` references, never the values.

- ``list_calls(status, host, journey, account, limit, offset)`` newest first;
- ``retry_call(id)`` — a ``failed`` call back to ``queued`` with a fresh 24 h window (its
  enrollment, failed by it, is retried too); Conflict for any other status;
- ``test_request(config, account)`` — render a webhook node's config for an account (or
  a sample) and send it now, through the same egress checks, signature and limits as the
  engine; returns the request as sent (secrets masked) and the response. Nothing is stored.
"""
from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

import graph_engine as ge

from .. import clock
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db, get_redis
from ..jobs.queueing import enqueue_webhooks
from ..models.accounts import Account
from ..models.journeys import Journey
from ..models.statuses import WebhookStatus
from ..models.webhooks import WebhookCall
from ..outbound import client as http, secret_box
from ..outbound.render import put_secrets, render_body, render_header, render_url, secret_names
from ..outbound.signing import signature
from ..rendering.merge import context_for_account
from ..rendering.templating import TemplateError
from . import audit
from .unit_of_work import transaction

log = logging.getLogger(__name__)
RETRY_FOR = timedelta(hours=24)


def call_json(call: WebhookCall, journeys: dict, accounts: dict) -> dict:
    journey, account = journeys.get(call.journey_id), accounts.get(call.account_id)
    return {
        "id": call.id, "status": call.status, "method": call.method, "url": call.url,
        "host": call.host, "attempts": call.attempts, "next_attempt_at": call.next_attempt_at,
        "retry_until": call.retry_until,
        "response_status": call.response_status, "response_excerpt": call.response_excerpt,
        "duration_ms": call.duration_ms, "error": call.error, "saved": call.saved,
        "created_at": call.created_at, "completed_at": call.completed_at, "node_id": call.node_id,
        "enrollment_id": call.enrollment_id,
        "journey": {"id": journey.id, "key": journey.key, "name": journey.name} if journey else None,
        "account": {"external_id": account.external_id, "name": account.name} if account else None,
        "request": {"headers": call.request_headers, "body": call.request_body},
    }


def list_calls(status=None, host=None, journey=None, account=None, limit: int = 200,
               offset: int = 0) -> list[dict]:
    """Calls matching the filters, newest first."""
    query = select(WebhookCall)
    if status:
        query = query.where(WebhookCall.status == status)
    if host:
        query = query.where(WebhookCall.host == host.lower())
    if journey:
        query = query.where(WebhookCall.journey_id == journey)
    if account:
        query = query.where(WebhookCall.account_id.in_(
            select(Account.id).where(Account.external_id == account)))
    rows = db.session.scalars(query.order_by(WebhookCall.id.desc()).limit(limit).offset(offset)).all()
    journeys = {j.id: j for j in db.session.scalars(
        select(Journey).where(Journey.id.in_({r.journey_id for r in rows if r.journey_id})))}
    accounts = {a.id: a for a in db.session.scalars(
        select(Account).where(Account.id.in_({r.account_id for r in rows if r.account_id})))}
    return [call_json(r, journeys, accounts) for r in rows]


def retry_call(call_id: int) -> dict:
    """Queue a failed call again (see module docstring). Raises NotFound, Conflict."""
    from .enrollments import retry_enrollment
    from ..models.enrollments import Enrollment

    with transaction():
        call = db.session.get(WebhookCall, call_id, with_for_update=True)
        if call is None:
            raise NotFound(f"No webhook call with id {call_id}.")
        if call.status != WebhookStatus.FAILED:
            raise Conflict(f"Only a failed call can be retried; this one is {call.status}.",
                           details={"status": call.status})
        now = clock.now()
        call.status, call.attempts, call.error = WebhookStatus.QUEUED, 0, None
        call.next_attempt_at, call.retry_until, call.completed_at = None, now + RETRY_FOR, None
        audit.record("webhook.retry", "webhook_call", call_id, f"Retried {call.method} {call.url}",
                     {"status": {"from": WebhookStatus.FAILED, "to": WebhookStatus.QUEUED}})
        enrollment = db.session.get(Enrollment, call.enrollment_id) if call.enrollment_id else None
        retry_it = enrollment is not None and enrollment.status == "failed" \
            and enrollment.reason == "webhook_failed"
    if retry_it:
        try:
            retry_enrollment(enrollment.id)
        except Conflict:
            pass  # the account is active in the journey again: the call alone is retried
    try:
        enqueue_webhooks([call_id])
    except Exception:  # Redis down: the scheduler's tick finds the queued call
        log.exception("could not queue webhook call %s; the scheduler will", call_id)
    return list_calls_by_id(call_id)


def list_calls_by_id(call_id: int) -> dict:
    call = db.session.get(WebhookCall, call_id)
    journeys = {call.journey_id: db.session.get(Journey, call.journey_id)} if call.journey_id else {}
    accounts = {call.account_id: db.session.get(Account, call.account_id)} if call.account_id else {}
    return call_json(call, journeys, accounts)


SAMPLE = {"external_id": "sample-account", "name": "Sample Account", "custom": {}, "csm": {},
          "sales_manager": {}}


def test_request(config: dict, account: str | None = None) -> dict:
    """Send a webhook node's config once, now (see module docstring). Raises Invalid for a
    config with problems, NotFound for an unknown account."""
    node = {"id": "test", "type": "action", "config": {**config, "action": "webhook"}}
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["s"], "reenroll": {"mode": "never"},
                                                    "enroll_existing": False}}, node],
        "edges": [{"source": "start", "target": "test"}]}
    problems = [p for p in ge.validate(graph, None) if p.node_id == "test"]
    if problems:
        raise Invalid("The webhook's settings have problems.",
                      details=[p.to_dict() if hasattr(p, "to_dict") else p.__dict__ for p in problems])
    if account:
        row = db.session.scalar(select(Account).where(Account.external_id == account))
        if row is None:
            raise NotFound(f"No account {account!r}.")
        context = context_for_account(row)
        sample = {"account": {"external_id": row.external_id, "name": row.name}}
    else:
        context, sample = {"account": SAMPLE, "csm": {}, "sales_manager": {}}, {"account": SAMPLE}
    cfg = node["config"]
    method = cfg.get("method", "POST")
    try:
        url = render_url(cfg["url"], context)
        headers = {k: render_header(v, context) for k, v in (cfg.get("headers") or {}).items()}
        if method == "GET":
            body = None
        elif cfg.get("body") is None:
            body = json.dumps({**sample, "journey": None, "node": None, "test": True})
        else:
            body = render_body(cfg["body"], context)
    except TemplateError as exc:
        raise Invalid(f"The webhook could not be rendered: {exc}") from None
    if body is not None and not any(k.lower() == "content-type" for k in headers):
        headers["Content-Type"] = "application/json"
    secrets = secret_box.load(secret_names(headers))
    try:
        sent_headers = put_secrets(headers, secrets)
    except KeyError as exc:
        raise Invalid(f"Secret {exc.args[0]} does not exist; add it under Secrets first.") from None
    signing = secret_box.signing_secret()
    if signing is None:
        raise Invalid("There is no signing secret yet, and every webhook request is signed with "
                      "it: make one under Webhooks → Secrets (its value is shown once), then send "
                      "the test again.", details=[{"code": "no_signing_secret",
                                                   "message": "make the signing secret first"}])
    key = f"test:{uuid.uuid4()}"
    payload = body.encode() if body is not None else None
    sent_headers["Idempotency-Key"] = key
    sent_headers["X-Journeys-Signature"] = signature(signing, payload or b"", int(clock.now().timestamp()))
    config = current_app.config
    try:
        redis = get_redis()
    except Exception:  # noqa: BLE001
        redis = None
    limiter = http.RateLimit(config.get("WEBHOOK_RATE", 20), redis,
                             f"journeys:{config.get('JOURNEYS_QUEUE', 'journeys')}")
    outcome = http.send(method, url, sent_headers, payload, cfg.get("timeout_s", 10),
                        allowed=config.get("WEBHOOK_ALLOWED_HOSTS", ()), limiter=limiter,
                        ca_bundle=config.get("WEBHOOK_CA_BUNDLE"))
    return {"request": {"method": method, "url": url, "headers": {**headers, "Idempotency-Key": key,
                                                                   "X-Journeys-Signature": "t=…,v1=…"},
                        "body": body},
            "verdict": outcome.verdict, "status": outcome.status, "duration_ms": outcome.duration_ms,
            "response": outcome.excerpt, "error": outcome.error}
