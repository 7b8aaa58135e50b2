"""Send windows and the frequency cap in the real engine (SPEC §8), on SQLite and PostgreSQL,
with a real SMTP server: a held email waits at its node durably (wake_at), is sent once when
it wakes with the key it would have had, and never twice however rounds are re-run or die;
the cap counts journey emails per address across journeys, including what the same round
already queued; skip logs and walks on; transactional emails are not capped."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from backend.engine import round as round_module
from backend.engine.walker import advance_enrollments
from backend.extensions import db
from backend.models.enrollments import Enrollment
from backend.models.outbox import OutboxEmail
from tests.backend.engine_helpers import Workspace

WINDOW = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00", "timezone": "account"}
START = datetime(2026, 11, 24, 9, tzinfo=timezone.utc)  # Tue 04:00 in New York, 10:00 in Berlin


def mail_graph(window=None, **flags) -> dict:
    mail = {"action": "send_email", "template": "welcome", "to": {"contacts": "all"}, **flags}
    data = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "mail", "type": "action", "config": mail},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "mail"}, {"source": "mail", "target": "done"}]}
    if window:
        data["settings"] = {"send_window": window}
    return data


@pytest.fixture()
def ws(app, client, admin_headers, smtp_server):
    workspace = Workspace(app, client, admin_headers)
    workspace.clock.moment = START
    workspace.setup_catalog()
    app.config["SMTP_URL"] = smtp_server.url
    yield workspace
    app.config["SMTP_URL"] = None
    workspace.close()


def steps(ws, external_id, journey_index=None):
    enrollments = ws.timeline(external_id)
    chosen = enrollments if journey_index is None else [enrollments[journey_index]]
    return [(s["node_id"], s["outcome"]) for e in chosen for s in e["steps"]]


def outbox(app) -> list[tuple]:
    with app.app_context():
        return [(o.to_address, o.effect_key, o.status) for o in db.session.scalars(
            db.select(OutboxEmail).order_by(OutboxEmail.id))]


def enrollment_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(db.select(Enrollment.id).order_by(Enrollment.id)))



class WorkerKilled(BaseException):
    """A worker dying mid-round, as its signal handler leaves: a BaseException, so no handler
    of the walker's (they catch Exception) can turn it into a failed step."""


def crash_rounds_before_commit(monkeypatch):
    """Make every round write all its rows and then die before its commit, as a worker killed at
    that moment would. This is the crash under test, not a skipped or expected failure: each
    test then runs the round again and asserts one send. Returns the real ``Round.write`` to
    put back."""
    original = round_module.Round.write

    def die(self):
        original(self)
        raise WorkerKilled("between the round's write and its commit")

    monkeypatch.setattr(round_module.Round, "write", die)
    return original

def test_outside_the_window_the_email_holds_then_goes_once_at_local_nine(ws, app, smtp_server):
    ws.journey("welcome", mail_graph(WINDOW))
    ws.account("acme", timezone="America/New_York")
    ws.work()
    [enrollment] = ws.timeline("acme")
    held = enrollment["steps"][-1]
    assert (held["node_id"], held["outcome"]) == ("mail", "held")
    assert held["detail"]["until"] == "2026-11-24T14:00:00+00:00"
    assert (held["detail"]["local"], held["detail"]["timezone"]) == ("Tue 09:00", "America/New_York")
    assert outbox(app) == [] and smtp_server.messages == []
    [eid] = enrollment_ids(app)
    with app.app_context():
        assert db.session.get(Enrollment, eid).wake_at == datetime(2026, 11, 24, 14, tzinfo=timezone.utc)

    ws.tick(hours=4, minutes=59)  # 08:59 in New York: still held, nothing logged again
    with app.app_context():
        advance_enrollments([eid])  # a walk for another reason (an account change) changes nothing
    assert steps(ws, "acme") == [("start", "entered"), ("mail", "held")] and outbox(app) == []

    ws.tick(minutes=1)
    assert steps(ws, "acme") == [("start", "entered"), ("mail", "held"), ("mail", "done"), ("done", "completed")]
    journey_id = ws.timeline("acme")[0]["journey_id"]
    assert ws.call("GET", f"/api/journeys/{journey_id}/stats")["nodes"]["mail"]["passed"] == 1  # held: not a pass
    with app.app_context():
        advance_enrollments([eid])  # a re-delivered job
        advance_enrollments([eid])
    ws.tick(hours=1)
    assert outbox(app) == [("ana@acme.example", f"{eid}:mail:2:0", "sent")]  # the un-held key
    assert [m["To"] for m in smtp_server.messages] == ["ana@acme.example"]


def test_a_round_that_dies_at_wake_time_sends_once_when_run_again(ws, app, smtp_server, monkeypatch):
    ws.journey("welcome", mail_graph(WINDOW))
    ws.account("acme", timezone="America/New_York")
    ws.work()
    [eid] = enrollment_ids(app)
    ws.clock.advance(hours=5)
    original = crash_rounds_before_commit(monkeypatch)
    with app.app_context(), pytest.raises(WorkerKilled):
        advance_enrollments([eid])
    with app.app_context():
        db.session.rollback()
    monkeypatch.setattr(round_module.Round, "write", original)
    assert outbox(app) == []
    ws.tick()  # the enrollment is still due: the scheduler walks it again
    ws.tick(minutes=1)
    assert outbox(app) == [("ana@acme.example", f"{eid}:mail:2:0", "sent")]
    assert len(smtp_server.messages) == 1


def test_ignore_send_window_and_a_fixed_zone(ws, app):
    ws.journey("now", mail_graph(WINDOW, ignore_send_window=True))
    ws.journey("berlin", mail_graph({**WINDOW, "timezone": "Europe/Berlin"}))
    ws.account("acme", timezone="America/New_York")
    ws.work()
    assert Counter(o[2] for o in outbox(app)) == {"sent": 2}  # 10:00 in Berlin is inside


def test_the_workspace_default_zone_applies_to_accounts_without_one(ws, app):
    ws.call("PUT", "/api/settings", {"default_timezone": "Asia/Tokyo"})  # 18:00 in Tokyo
    ws.journey("welcome", mail_graph(WINDOW))
    ws.account("acme")
    ws.work()
    held = ws.timeline("acme")[0]["steps"][-1]["detail"]
    assert (held["local"], held["timezone"]) == ("Wed 09:00", "Asia/Tokyo")


def test_the_cap_holds_across_journeys_even_within_one_round_and_releases_later(ws, app, smtp_server):
    ws.call("PUT", "/api/settings", {"frequency_cap": {"emails": 1, "per_days": 7}})
    ws.journey("first", mail_graph())
    ws.journey("second", mail_graph())
    ws.account("acme")
    ws.work()  # both enrollments walk in the same round
    sent = outbox(app)
    assert len(sent) == 1, sent
    outcomes = sorted(s[-1] for s in steps(ws, "acme") if s[0] == "mail")
    assert outcomes == ["done", "held"]
    held = [s for e in ws.timeline("acme") for s in e["steps"] if s["outcome"] == "held"][0]
    assert held["detail"]["reason"] == "frequency_cap"
    assert held["detail"]["cap"] == {"emails": 1, "per_days": 7}
    assert held["detail"]["until"] == (START + timedelta(days=7)).isoformat()

    ws.tick(days=6, hours=23)
    assert len(outbox(app)) == 1
    ws.tick(hours=1)
    with app.app_context():
        advance_enrollments(enrollment_ids(app))  # run again: still one email per journey
    assert [o[0] for o in outbox(app)] == ["ana@acme.example"] * 2
    assert len({o[1] for o in outbox(app)}) == 2
    assert [e["status"] for e in ws.timeline("acme")] == ["completed", "completed"]


def test_skip_walks_on_and_transactional_is_neither_capped_nor_counted(ws, app):
    ws.call("PUT", "/api/settings", {"frequency_cap": {"emails": 1, "per_days": 7}})
    ws.journey("receipt", mail_graph(transactional=True))
    ws.journey("first", mail_graph())
    ws.account("acme")
    ws.work()
    assert len(outbox(app)) == 2  # the transactional one did not use up the cap
    ws.journey("later", mail_graph(on_cap="skip"))
    ws.journey("receipt2", mail_graph(transactional=True))
    ws.patch("acme", stage="onboarding")
    ws.patch("acme", stage="new")  # re-enters the segment: the two new journeys enroll
    ws.work()
    by_journey = {e["journey_key"] if "journey_key" in e else e["journey_id"]: e for e in ws.timeline("acme")}
    skipped = [s for e in by_journey.values() for s in e["steps"] if s["outcome"] == "skipped"]
    assert len(skipped) == 1 and skipped[0]["detail"]["reason"] == "frequency_cap"
    assert len(outbox(app)) == 3  # the second transactional one went
    assert Counter(e["status"] for e in by_journey.values()) == {"completed": 4}


def test_two_emails_in_a_row_see_each_other(ws, app):
    ws.call("PUT", "/api/settings", {"frequency_cap": {"emails": 1, "per_days": 2}})
    data = mail_graph()
    data["nodes"].insert(2, {"id": "again", "type": "action", "config": {
        "action": "send_email", "template": "welcome", "to": {"contacts": "all"}}})
    data["edges"] = [{"source": "start", "target": "mail"}, {"source": "mail", "target": "again"},
                     {"source": "again", "target": "done"}]
    ws.journey("twice", data)
    ws.account("acme")
    ws.work()
    assert len(outbox(app)) == 1 and steps(ws, "acme")[-1] == ("again", "held")
    ws.tick(days=2)
    assert len(outbox(app)) == 2 and steps(ws, "acme")[-1] == ("done", "completed")


def test_simulate_shows_held_until_in_the_accounts_time(ws, app):
    jid = ws.journey("welcome", mail_graph(WINDOW))
    ws.account("acme", timezone="Europe/Berlin")
    ws.clock.moment = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)  # a Saturday
    result = ws.call("POST", f"/api/journeys/{jid}/simulate", {"account": "acme", "days": 5})
    held = [s for s in result["steps"] if s["outcome"] == "held"]
    assert held, result["steps"]
    detail = held[0]["detail"]
    assert (detail["local"], detail["timezone"], detail["reason"]) == ("Mon 09:00", "Europe/Berlin", "send_window")
    assert [s["outcome"] for s in result["steps"] if s["node_id"] == "mail"] == ["held", "done"]


def test_a_cap_hold_whose_wake_round_dies_sends_once_when_run_again(ws, app, smtp_server, monkeypatch):
    ws.call("PUT", "/api/settings", {"frequency_cap": {"emails": 1, "per_days": 1}})
    ws.journey("first", mail_graph())
    ws.account("acme")
    ws.work()
    ws.journey("second", mail_graph())
    ws.patch("acme", stage="onboarding")
    ws.patch("acme", stage="new")
    ws.work()
    assert len(outbox(app)) == 1 and ("mail", "held") in steps(ws, "acme")
    ws.clock.advance(days=1)
    original = crash_rounds_before_commit(monkeypatch)
    with app.app_context(), pytest.raises(WorkerKilled):
        advance_enrollments(enrollment_ids(app))
    with app.app_context():
        db.session.rollback()
    monkeypatch.setattr(round_module.Round, "write", original)
    assert len(outbox(app)) == 1
    ws.tick()
    ws.tick(minutes=1)
    with app.app_context():
        advance_enrollments(enrollment_ids(app))
    sent = outbox(app)
    assert len(sent) == 2 and len({key for _, key, _ in sent}) == 2
    assert Counter(m["To"] for m in smtp_server.messages) == {"ana@acme.example": 2}


@pytest.mark.parametrize("status, counted", [("sent", True), ("queued", True), ("kept", True),
                                             ("failed", False), ("suppressed", False)])
def test_what_counts_toward_the_cap_is_what_reached_or_may_reach_the_person(ws, app, status, counted):
    """An earlier journey email to the address counts unless it failed or was suppressed (it
    never reached anyone); a staff alert (not unsubscribable) or one older than the window
    never counts."""
    ws.call("PUT", "/api/settings", {"frequency_cap": {"emails": 1, "per_days": 7}})
    with app.app_context():
        for address, unsubscribable, age, row_status in (
                ("ana@acme.example", True, timedelta(days=1), status),
                ("ana@acme.example", False, timedelta(hours=1), "sent"),
                ("ana@acme.example", True, timedelta(days=8), "sent")):
            db.session.add(OutboxEmail(to_address=address, from_address="cs@journeys.example",
                                       subject="Earlier", body="Hello", status=row_status,
                                       unsubscribable=unsubscribable, created_at=START - age))
        db.session.commit()
    ws.journey("first", mail_graph())
    ws.account("acme")
    ws.work()
    assert steps(ws, "acme")[-1] == (("mail", "held") if counted else ("done", "completed"))
