"""A webhook node parks its enrollment until the call is answered (SPEC §9; issue 15):
one visit, one effect, one key however often the enrollment is walked while it waits; the
answer moves it on at once and the next node sees the account as it is then."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from ge_helpers import edge, entry, graph, node
from hypothesis import given, settings, strategies as st

from graph_engine import EnrollmentState, advance, parse_graph, start
from graph_engine.effects import CallWebhook
from graph_engine.interpreter_webhook import answered, call_key, parked_call

T0 = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
SNAP = {"segments": frozenset({"trial"}), "custom": {}}
RULE = {"all": [{"property": "custom.nps", "op": "gte", "value": 9}]}


def parked_graph():
    parsed, problems = parse_graph(graph(
        [entry(), node("hook", "action", action="webhook", url="https://hooks.example.com/x",
                       save_response=[{"path": "data.score", "attribute": "custom.nps"}]),
         node("check", "condition", rule=RULE), node("yes", "end"), node("no", "end")],
        [edge("start", "hook"), edge("hook", "check"), edge("check", "yes", "yes"),
         edge("check", "no", "no")]))
    assert problems == []
    return parsed


def test_arrival_emits_the_call_logs_waiting_and_parks_with_no_timer():
    decision = start(parked_graph(), "e1", SNAP, T0)
    [effect] = decision.effects
    assert isinstance(effect, CallWebhook) and effect.key == "e1:hook:2"
    assert [(s.node_id, s.outcome) for s in decision.steps] == [("start", "entered"), ("hook", "waiting")]
    state = decision.state
    assert state.node_id == "hook" and state.status == "active" and state.wait_started_at == T0
    assert decision.wake_at is None and not decision.resume
    assert parked_call(parked_graph(), state) == "e1:hook:2" == call_key(state, "hook")


def test_walked_again_unanswered_it_stays_with_no_step_and_no_second_call():
    g = parked_graph()
    state = start(g, "e1", SNAP, T0).state
    for hours in (1, 5, 48):
        again = advance(g, state, SNAP, T0 + timedelta(hours=hours))
        assert again.effects == () and again.steps == () and again.state == state
    wrong = answered(state, {"key": "e1:hook:99", "status": "sent"})  # not this visit's call
    assert advance(g, wrong, SNAP, T0).steps == ()


def test_the_answer_moves_it_on_and_the_next_node_sees_the_saved_value():
    g = parked_graph()
    state = start(g, "e1", SNAP, T0).state
    reply = {"key": "e1:hook:2", "status": "sent", "response_status": 200, "duration_ms": 84,
             "method": "POST", "url": "https://hooks.example.com/x",
             "saved": {"values": {"custom.nps": 10}, "missing": []}}
    saved = {**SNAP, "custom": {"nps": 10}}  # the backend wrote it before waking the enrollment
    decision = advance(g, answered(state, reply), saved, T0 + timedelta(seconds=1))
    assert [(s.node_id, s.outcome) for s in decision.steps] == [("hook", "done"), ("check", "yes"),
                                                                ("yes", "completed")]
    done = decision.steps[0].detail
    assert done["key"] == "e1:hook:2" and done["result"]["response_status"] == 200
    assert "key" not in done["result"]
    assert decision.effects == ()  # the call is not made again
    assert decision.state.status == "completed" and decision.state.reply is None


def test_a_reply_without_a_key_is_refused():
    with pytest.raises(ValueError):
        answered(EnrollmentState.new("e1"), {"status": "sent"})


def test_the_reply_survives_the_json_form():
    g = parked_graph()
    state = answered(start(g, "e1", SNAP, T0).state, {"key": "e1:hook:2", "status": "sent"})
    again = EnrollmentState.from_dict(state.to_dict())
    assert again == state and parked_call(g, again) is None  # answered: not waiting any more


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3000), st.booleans(), st.booleans()), min_size=1, max_size=12))
def test_one_call_however_the_walks_fall(walks):
    """Whatever walks happen while parked (account changes, due ticks, replays of the same
    state) the call is emitted once with one key, and the node is passed only with its answer."""
    g = parked_graph()
    first = start(g, "e9", SNAP, T0)
    keys = [e.key for e in first.effects]
    state = first.state
    for minutes, answer, replay in walks:
        parked = state.node_id == "hook"
        given_state = answered(state, {"key": call_key(state, "hook"), "status": "sent"}) \
            if answer and parked else state
        decision = advance(g, given_state, SNAP, T0 + timedelta(minutes=minutes))
        keys += [e.key for e in decision.effects]
        moved = any(s.node_id == "hook" and s.outcome == "done" for s in decision.steps)
        assert moved == (answer and parked)
        if not replay:  # a replay re-runs the same input (a job that runs twice)
            state = decision.state
    assert keys == ["e9:hook:2"]
