"""The frequency cap in the interpreter (SPEC §8): journey emails to contacts per address in
a rolling window; hold (default) waits at the node until every recipient fits, skip logs and
goes on; transactional emails and staff alerts are neither capped nor counted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ge_helpers import edge, email, entry, graph, node
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_engine import advance, parse_graph, start
from graph_engine.delivery_gate import cap_release

UTC = timezone.utc
NOW = datetime(2026, 5, 6, 10, tzinfo=UTC)  # a Wednesday
CAP = {"emails": 2, "per_days": 7}


def capped_graph(window: bool = False, **config):
    mail = email("mail")
    mail["config"].update(config)
    data = graph([entry(), mail, node("done", "end")], [edge("start", "mail"), edge("mail", "done")])
    if window:
        data["settings"] = {"send_window": {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00",
                                            "end": "17:00", "timezone": "account"}}
    return parse_graph(data)[0]


def snap(sends: dict, contacts=("ann@acme.example",), cap=CAP, tz="Europe/Berlin"):
    return {"segments": frozenset({"trial"}), "account": {"name": "Acme", "timezone": tz},
            "contacts": [{"name": c, "email": c, "role": "admin"} for c in contacts],
            "workspace": {"default_timezone": "UTC", "frequency_cap": cap}, "sends": sends}


def test_under_the_cap_the_email_goes():
    decision = start(capped_graph(), "e1", snap({"ann@acme.example": [NOW - timedelta(days=1)]}), NOW)
    assert [e.node_id for e in decision.effects] == ["mail"]


def test_at_the_cap_it_holds_until_the_oldest_send_leaves_the_window_with_the_same_key():
    sends = {"ann@acme.example": [NOW - timedelta(days=6), NOW - timedelta(days=2)]}
    graph_ = capped_graph()
    held = start(graph_, "e1", snap(sends), NOW)
    assert held.effects == ()
    step = held.steps[-1]
    assert (step.outcome, step.detail["reason"], step.detail["cap"]) == ("held", "frequency_cap", CAP)
    assert held.wake_at == NOW + timedelta(days=1)
    assert step.detail["local"] == "Thu 12:00" and step.detail["timezone"] == "Europe/Berlin"
    woken = advance(graph_, held.state, snap(sends), held.wake_at)
    assert [e.key for e in woken.effects] == ["e1:mail:2"]


def test_skip_logs_and_goes_on():
    sends = {"ann@acme.example": [NOW - timedelta(hours=1)] * 2}
    decision = start(capped_graph(on_cap="skip"), "e1", snap(sends), NOW)
    assert decision.effects == ()
    assert [(s.node_id, s.outcome) for s in decision.steps][-2:] == [("mail", "skipped"), ("done", "completed")]
    assert decision.steps[-2].detail == {"reason": "frequency_cap", "cap": CAP, "addresses": ["ann@acme.example"]}


def test_transactional_staff_and_no_cap_are_not_capped():
    full = {"ann@acme.example": [NOW] * 5, "asha@example.com": [NOW] * 5}
    assert start(capped_graph(transactional=True), "e1", snap(full), NOW).effects
    staff = capped_graph(to={"csm": True})
    assert start(staff, "e1", {**snap(full), "user": {"csm": "asha@example.com"}}, NOW).effects
    assert start(capped_graph(), "e1", snap(full, cap=None), NOW).effects


def test_several_recipients_hold_until_all_fit():
    sends = {"ann@acme.example": [NOW - timedelta(days=6)] * 2,
             "bob@acme.example": [NOW - timedelta(days=3), NOW - timedelta(days=1)]}
    held = start(capped_graph(), "e1", snap(sends, contacts=("Ann@Acme.example", "bob@acme.example")), NOW)
    assert held.steps[-1].detail["addresses"] == ["ann@acme.example", "bob@acme.example"]
    assert held.wake_at == NOW + timedelta(days=4)  # bob's older send leaves the window last


def test_a_cap_release_outside_the_window_waits_for_it_to_open():
    sends = {"ann@acme.example": [NOW - timedelta(days=7) + timedelta(hours=10)] * 2}  # fits at 20:00 UTC
    held = start(capped_graph(window=True), "e1", snap(sends), NOW)
    assert held.wake_at == datetime(2026, 5, 7, 7, tzinfo=UTC)  # Thu 09:00 Berlin (CEST)


@settings(max_examples=200, deadline=None)
@given(offsets=st.lists(st.integers(0, 20 * 24 * 60), max_size=8), emails=st.integers(1, 4),
       days=st.integers(1, 10))
def test_cap_release_is_the_first_moment_the_address_fits(offsets, emails, days):
    cap = {"emails": emails, "per_days": days}
    times = [NOW - timedelta(minutes=m) for m in offsets]

    def fits(moment):
        return sum(1 for t in times if t > moment - timedelta(days=days)) < emails

    release = cap_release(times, cap, NOW)
    if release is None:
        assert fits(NOW)
    else:
        assert release > NOW and fits(release) and not fits(release - timedelta(seconds=1))
