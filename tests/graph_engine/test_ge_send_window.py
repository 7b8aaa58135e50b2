"""Send windows (SPEC §8): the window maths in local time across DST, the graph setting's
problems, and the interpreter holding an email or task at its node until the window opens
(one visit: the same effect key when it wakes)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from ge_helpers import CATALOG, edge, email, entry, graph, node
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_engine import EnrollmentState, advance, parse_graph, start, validate
from graph_engine.send_window import DAYS, SendWindow, is_open, local_label, next_open, zone

UTC = timezone.utc
WEEKDAYS = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"}


def window(**changes) -> SendWindow:
    return SendWindow.from_json({**WEEKDAYS, "timezone": "account", **changes})


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("tz, now, opens, label", [
    # Europe/Berlin: clocks go forward on Sun 29 Mar 2026, back on Sun 25 Oct 2026
    ("Europe/Berlin", at(2026, 3, 27, 17), at(2026, 3, 30, 7), "Mon 09:00"),   # CET Fri → CEST Mon
    ("Europe/Berlin", at(2026, 10, 23, 16), at(2026, 10, 26, 8), "Mon 09:00"),  # CEST Fri → CET Mon
    # America/New_York: forward on Sun 8 Mar 2026, back on Sun 1 Nov 2026
    ("America/New_York", at(2026, 3, 6, 23), at(2026, 3, 9, 13), "Mon 09:00"),  # EST → EDT
    ("America/New_York", at(2026, 10, 30, 22), at(2026, 11, 2, 14), "Mon 09:00"),  # EDT → EST
    # before the window on the same day, and a moment inside it (unchanged)
    ("Europe/Berlin", at(2026, 3, 30, 5, 59), at(2026, 3, 30, 7), "Mon 09:00"),
    ("America/New_York", at(2026, 11, 2, 15, 30), at(2026, 11, 2, 15, 30), "Mon 10:30"),
])
def test_next_open_across_dst(tz, now, opens, label):
    result = next_open(window(), zone(tz), now)
    assert result == opens
    assert local_label(result, zone(tz)) == label


@pytest.mark.parametrize("tz, day, start, opens", [
    # a start inside the spring-forward gap opens when the gap ends (03:00 local)
    ("Europe/Berlin", "sun", "02:30", at(2026, 3, 29, 1)),
    ("America/New_York", "sun", "02:30", at(2026, 3, 8, 7)),
    # a start inside the fall-back repeat opens at its first occurrence
    ("Europe/Berlin", "sun", "02:30", at(2026, 10, 25, 0, 30)),
    ("America/New_York", "sun", "01:30", at(2026, 11, 1, 5, 30)),
])
def test_a_start_on_the_dst_night(tz, day, start, opens):
    spec = window(days=[day], start=start, end="12:00")
    assert next_open(spec, zone(tz), opens - timedelta(hours=20)) == opens
    assert is_open(spec, zone(tz), opens)
    assert not is_open(spec, zone(tz), opens - timedelta(seconds=1))


def test_a_window_that_lies_wholly_in_the_gap_waits_a_week():
    spec = window(days=["sun"], start="02:10", end="02:50")
    opens = next_open(spec, zone("Europe/Berlin"), at(2026, 3, 28, 12))
    assert opens == at(2026, 4, 5, 0, 10)  # the next Sunday, CEST


ZONES = ["Europe/Berlin", "America/New_York", "UTC", "Australia/Lord_Howe", "Asia/Kolkata",
         "America/St_Johns", "Pacific/Chatham"]


@st.composite
def windows(draw):
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
    start = draw(st.integers(0, 24 * 60 - 1))
    end = draw(st.integers(start + 1, 24 * 60))
    return SendWindow(frozenset(DAYS.index(d) for d in days), start, end, "account")


@settings(max_examples=120, deadline=None)
@given(spec=windows(), tz=st.sampled_from(ZONES),
       now=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)))
def test_release_is_inside_the_window_and_no_earlier_opening_was_skipped(spec, tz, now):
    now = now.replace(tzinfo=UTC)
    zone_info = zone(tz)
    released = next_open(spec, zone_info, now)
    assert released >= now
    assert is_open(spec, zone_info, released)
    assert released - now <= timedelta(days=8)
    # every minute boundary before it (all offsets are whole minutes) is outside the window
    moment = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    assert released == now or not is_open(spec, zone_info, now)
    while moment < released:
        assert not is_open(spec, zone_info, moment), moment
        moment += timedelta(minutes=1)


@pytest.mark.parametrize("value, fragment", [
    ({**WEEKDAYS, "timezone": "Mars/Olympus"}, "IANA"),
    ({**WEEKDAYS, "timezone": "account", "days": []}, "days"),
    ({**WEEKDAYS, "timezone": "account", "days": ["monday"]}, "days"),
    ({**WEEKDAYS, "timezone": "account", "start": "9:00"}, "start"),
    ({**WEEKDAYS, "timezone": "account", "end": "25:00"}, "end"),
    ({**WEEKDAYS, "timezone": "account", "start": "18:00"}, "before"),
    ({"days": ["mon"], "start": "09:00", "end": "17:00"}, "timezone"),
    ({**WEEKDAYS, "timezone": "UTC", "colour": "red"}, "colour"),
    ("weekdays", "object"),
])
def test_bad_send_windows_are_validation_problems(value, fragment):
    data = {**mail_graph(), "settings": {"send_window": value}}
    problems = validate(data, CATALOG)
    assert problems and all(p.code in ("bad_value", "wrong_type") for p in problems)
    assert any(fragment in p.message for p in problems), problems
    assert parse_graph(data)[0] is None


def test_settings_must_be_known():
    problems = validate({**mail_graph(), "settings": {"quiet_hours": True}}, CATALOG)
    assert [p.code for p in problems] == ["unknown_key"]


def mail_graph(**config) -> dict:
    mail = email("mail")
    mail["config"].update(config)
    task = node("call", "action", action="create_task", title="Call", assignee="csm", due_in_days=1,
                priority="high")
    return graph([entry(), mail, task, node("done", "end")],
                 [edge("start", "mail"), edge("mail", "call"), edge("call", "done")])


def windowed(tz="account", **config) -> dict:
    return {**mail_graph(**config), "settings": {"send_window": {**WEEKDAYS, "timezone": tz}}}


SNAP = {"segments": frozenset({"trial"}), "account": {"name": "Acme", "timezone": "Europe/Berlin"},
        "contacts": [{"name": "Ann", "email": "ann@acme.example", "role": "admin"}]}


def test_valid_window_and_flags_round_trip():
    data = windowed(ignore_send_window=False, on_cap="skip", transactional=True)
    assert validate(data, CATALOG) == []
    assert validate(windowed(tz="America/New_York"), CATALOG) == []
    bad = mail_graph(on_cap="later", ignore_send_window="yes")
    assert {p.code for p in validate(bad, CATALOG)} == {"bad_value", "wrong_type"}


def test_an_email_outside_the_window_is_held_then_sent_with_the_same_key():
    parsed = parse_graph(windowed())[0]
    friday_evening = at(2026, 3, 27, 18)  # 19:00 in Berlin
    first = start(parsed, "en1", SNAP, friday_evening)
    assert first.effects == ()
    [entered, held] = first.steps
    assert (held.node_id, held.outcome) == ("mail", "held")
    assert held.detail["until"] == "2026-03-30T07:00:00+00:00"
    assert (held.detail["local"], held.detail["timezone"]) == ("Mon 09:00", "Europe/Berlin")
    assert first.wake_at == at(2026, 3, 30, 7) and first.state.node_id == "mail"

    early = advance(parsed, first.state, SNAP, at(2026, 3, 28, 12))  # woken early: still held
    assert (early.effects, early.steps, early.wake_at) == ((), (), at(2026, 3, 30, 7))

    woken = advance(parsed, early.state, SNAP, at(2026, 3, 30, 7))
    kinds = [(e.node_id, e.key) for e in woken.effects]
    assert kinds == [("mail", "en1:mail:2"), ("call", "en1:call:3")]  # entry was visit 1
    assert woken.state.status == "completed"
    # the key is the one an enrollment inside the window gets at once
    direct = start(parsed, "en1", SNAP, at(2026, 3, 30, 8))
    assert [e.key for e in direct.effects] == ["en1:mail:2", "en1:call:3"]


def test_the_account_zone_falls_back_to_the_workspace_default():
    parsed = parse_graph(windowed())[0]
    snap = {**SNAP, "account": {"name": "Acme"}, "workspace": {"default_timezone": "America/New_York"}}
    held = start(parsed, "en2", snap, at(2026, 3, 6, 23)).steps[-1]
    assert (held.outcome, held.detail["until"], held.detail["timezone"]) == (
        "held", "2026-03-09T13:00:00+00:00", "America/New_York")
    no_default = {**snap, "workspace": {}}
    assert start(parsed, "en2", no_default, at(2026, 3, 6, 23)).steps[-1].detail["timezone"] == "UTC"


def test_a_fixed_window_zone_wins_over_the_account():
    parsed = parse_graph(windowed(tz="America/New_York"))[0]
    held = start(parsed, "en3", SNAP, at(2026, 3, 30, 7, 30)).steps[-1]  # 09:30 Berlin, 03:30 NY
    assert (held.outcome, held.detail["local"], held.detail["timezone"]) == (
        "held", "Mon 09:00", "America/New_York")


def test_ignore_send_window_goes_at_once_and_tasks_wait_too():
    parsed = parse_graph(windowed(ignore_send_window=True))[0]
    decision = start(parsed, "en4", SNAP, at(2026, 3, 28, 12))  # Saturday
    assert [e.node_id for e in decision.effects] == ["mail"]
    assert (decision.steps[-1].node_id, decision.steps[-1].outcome) == ("call", "held")


def test_simulate_shows_the_held_time_and_counts_its_own_emails_toward_the_cap():
    from graph_engine import simulate

    data = windowed()
    second = email("again")
    data["nodes"].insert(2, second)
    data["edges"] = [edge("start", "mail"), edge("mail", "again"), edge("again", "call"), edge("call", "done")]
    snap = {**SNAP, "workspace": {"default_timezone": "UTC", "frequency_cap": {"emails": 1, "per_days": 7}},
            "sends": {}}
    result = simulate(data, snap, days=14, start=at(2026, 3, 27, 18))
    trail = [(s["node_id"], s["outcome"], s["day"]) for s in result["steps"]]
    assert trail[:4] == [("start", "entered", 0), ("mail", "held", 0), ("mail", "done", 2),
                         ("again", "held", 2)]
    held = result["steps"][3]["detail"]
    assert (held["reason"], held["local"]) == ("frequency_cap", "Mon 09:00")  # a week after the first
    assert ("again", "done", 9) in trail and result["status"] == "completed"
