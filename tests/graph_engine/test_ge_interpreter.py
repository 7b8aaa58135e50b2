"""Interpreter: every node type, goal/exit semantics, waits, splits, the account-change contract."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from ge_helpers import edge, email, entry, exit_node, graph, leaf, load_example, node

from graph_engine import (
    ACTIVE, COMPLETED, GOAL_EXITED, UNENROLLED, AssignCsm, AssignPlaybook, ClearAttribute, CopyAttribute,
    CreateTask, EnrollmentState, GraphError, IncreaseAttribute, SendEmail, SetAttribute, UnenrollFrom,
    advance, can_enroll, check_exits, enroll_refusal, parse_graph, split_choice, start, validate,
)

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
IN_TRIAL = {"segments": frozenset({"trial"})}


def load(data):
    assert validate(data, None) == [], validate(data, None)
    parsed, problems = parse_graph(data)
    assert problems == []
    return parsed


def walk(nodes, edges):
    return load(graph(nodes, edges))


def outcomes(decision):
    return [(s.node_id, s.outcome) for s in decision.steps]


def test_entry_action_end():
    g = walk([entry(), email("m"), node("e", "end")], [edge("start", "m"), edge("m", "e")])
    d = start(g, "en1", IN_TRIAL, T0)
    assert outcomes(d) == [("start", "entered"), ("m", "done"), ("e", "completed")]
    assert d.state.status == COMPLETED and d.state.reason == "end"
    assert d.status_change == (COMPLETED, "end")
    (effect,) = d.effects
    assert isinstance(effect, SendEmail) and effect.template == "tips" and effect.to == "all_contacts"
    assert effect.key == "en1:m:2" and effect.node_id == "m"
    assert d.state.enrolled_at == T0


def test_node_without_out_edge_completes():
    d = start(walk([entry(), email("m")], [edge("start", "m")]), "e", IN_TRIAL, T0)
    assert d.state.status == COMPLETED and d.state.reason == "no_edge"


@pytest.mark.parametrize("nps, branch", [(9, "yes"), (3, "no"), (None, "no")])
def test_condition_branches_and_logs_values(nps, branch):
    g = walk([entry(), node("c", "condition", rule={"all": [leaf("custom.nps", "gte", 8)]}),
              email("y"), email("n")],
             [edge("start", "c"), edge("c", "y", "yes"), edge("c", "n", "no")])
    d = start(g, "e", {**IN_TRIAL, "custom": {"nps": nps}}, T0)
    cond = d.steps[1]
    assert cond.outcome == branch
    assert cond.detail["rule"]["all"][0]["actual"] == nps
    assert [e.node_id for e in d.effects] == ["y" if branch == "yes" else "n"]


def test_condition_missing_branch_ends_walk():
    g = walk([entry(), node("c", "condition", rule=leaf("segment", "has_met", "trial")), email("n")],
             [edge("start", "c"), edge("c", "n", "no")])
    d = start(g, "e", IN_TRIAL, T0)
    assert d.state.status == COMPLETED and d.state.reason == "no_branch" and d.effects == ()


def _wait_graph(**wait_config):
    return walk([entry(), node("w", "wait", **wait_config), email("after")],
                [edge("start", "w"), edge("w", "after")])


def test_wait_for_sleeps_then_continues():
    g = _wait_graph(**{"for": {"days": 1, "hours": 2, "minutes": 30}})
    d = start(g, "e", IN_TRIAL, T0)
    wake = T0 + timedelta(days=1, hours=2, minutes=30)
    assert outcomes(d)[-1] == ("w", "waiting") and d.wake_at == wake and d.state.wake_at == wake
    assert d.state.node_id == "w" and d.effects == () and not d.resume
    early = advance(g, d.state, IN_TRIAL, wake - timedelta(minutes=1))
    assert early.steps == () and early.state == d.state and early.wake_at == wake
    late = advance(g, d.state, IN_TRIAL, wake + timedelta(hours=5))
    assert outcomes(late) == [("w", "done"), ("after", "done")]
    assert late.state.status == COMPLETED


def test_naive_datetimes_are_utc():
    g = _wait_graph(**{"for": {"hours": 1}})
    d = start(g, "e", IN_TRIAL, T0.replace(tzinfo=None))
    assert d.wake_at == T0 + timedelta(hours=1)
    assert advance(g, d.state, IN_TRIAL, (T0 + timedelta(hours=1)).replace(tzinfo=None)).state.status == COMPLETED


def test_until_date_in_the_past_continues_at_once():
    g = _wait_graph(until_date={"property": "account.next_billing_on", "offset": {"days": -7}})
    snap = {**IN_TRIAL, "account": {"next_billing_on": date(2026, 3, 17)}}
    d = start(g, "e", snap, T0)
    assert outcomes(d) == [("start", "entered"), ("w", "done"), ("after", "done")]
    assert d.steps[1].detail["date"] == "2026-03-10"
    assert (d.steps[1].detail["value"], d.steps[1].detail["offset_days"]) == ("2026-03-17", -7)


def test_until_date_in_the_future_waits_and_follows_changes():
    g = _wait_graph(until_date={"property": "account.next_billing_on", "offset": {"days": -7}})
    snap = {**IN_TRIAL, "account": {"next_billing_on": date(2026, 4, 30)}}
    d = start(g, "e", snap, T0)
    assert d.wake_at == datetime(2026, 4, 23, tzinfo=timezone.utc)
    assert d.watch == {"property": "account.next_billing_on"}
    moved = {**IN_TRIAL, "account": {"next_billing_on": date(2026, 3, 20)}}
    again = advance(g, d.state, moved, T0 + timedelta(hours=1))
    assert again.steps == () and again.wake_at == datetime(2026, 3, 13, tzinfo=timezone.utc)
    done = advance(g, again.state, moved, datetime(2026, 3, 13, tzinfo=timezone.utc))
    assert outcomes(done)[0] == ("w", "done")


def test_until_date_unset_waits_for_the_account():
    g = _wait_graph(until_date={"property": "custom.qbr_on"})
    d = start(g, "e", IN_TRIAL, T0)
    assert d.state.status == ACTIVE and d.wake_at is None and d.watch == {"property": "custom.qbr_on"}
    d2 = advance(g, d.state, {**IN_TRIAL, "custom": {"qbr_on": date(2026, 3, 1)}}, T0)
    assert d2.state.status == COMPLETED


def _until_rule_graph():
    return walk([entry(), node("w", "wait", until_rule={"rule": leaf("milestone", "has_met", "m1"),
                                                         "timeout": {"days": 7}}),
                 email("met"), email("late")],
                [edge("start", "w"), edge("w", "met", "met"), edge("w", "late", "timeout")])


def test_until_rule_met_later():
    g = _until_rule_graph()
    d = start(g, "e", IN_TRIAL, T0)
    assert d.wake_at == T0 + timedelta(days=7) and d.watch == {"rule": leaf("milestone", "has_met", "m1")}
    still = advance(g, d.state, IN_TRIAL, T0 + timedelta(days=2))
    assert still.steps == () and still.state.status == ACTIVE
    met = advance(g, d.state, {**IN_TRIAL, "milestones": {"m1"}}, T0 + timedelta(days=2))
    assert outcomes(met) == [("w", "met"), ("met", "done")]
    assert met.steps[0].detail["rule"]["verdict"] is True


def test_until_rule_met_on_arrival():
    d = start(_until_rule_graph(), "e", {**IN_TRIAL, "milestones": {"m1"}}, T0)
    assert outcomes(d)[1:] == [("w", "met"), ("met", "done")]


def test_until_rule_timeout():
    g = _until_rule_graph()
    d = start(g, "e", IN_TRIAL, T0)
    late = advance(g, d.state, IN_TRIAL, T0 + timedelta(days=7))
    assert outcomes(late) == [("w", "timeout"), ("late", "done")]


def _split_graph(weights):
    targets = [email(k) for k in weights]
    return walk([entry(), node("ab", "split", weights=weights)] + targets,
                [edge("start", "ab")] + [edge("ab", k, k) for k in weights])


def test_split_is_deterministic_and_follows_weights():
    g = _split_graph({"a": 1, "b": 3})
    first = [start(g, f"e{i}", IN_TRIAL, T0).steps[1].outcome for i in range(2000)]
    again = [start(g, f"e{i}", IN_TRIAL, T0 + timedelta(days=9)).steps[1].outcome for i in range(2000)]
    assert first == again
    counts = Counter(first)
    assert 400 < counts["a"] < 600 and 1400 < counts["b"] < 1600
    assert split_choice("e1", "ab", {"b": 3, "a": 1}) == split_choice("e1", "ab", {"a": 1, "b": 3})


def test_split_zero_weight_is_never_taken():
    assert {split_choice(f"e{i}", "ab", {"a": 0, "b": 1}) for i in range(300)} == {"b"}


ACTIONS = [
    ({"action": "create_task", "title": "Call", "assignee": "csm", "due_in_days": 3, "priority": "high"},
     CreateTask, False),
    ({"action": "assign_csm", "strategy": "round_robin", "pool": ["a@x.io", "b@x.io"]}, AssignCsm, True),
    ({"action": "assign_playbook", "playbook": "onboarding"}, AssignPlaybook, True),
    ({"action": "set_attribute", "attribute": "custom.qbr_on", "value": {"days_from_now": 90}},
     SetAttribute, True),
    ({"action": "copy_attribute", "from": "account.mrr", "to": "custom.old_mrr"}, CopyAttribute, True),
    ({"action": "clear_attribute", "attribute": "custom.nps"}, ClearAttribute, True),
    ({"action": "increase_attribute", "attribute": "custom.touches", "by": -2}, IncreaseAttribute, True),
    ({"action": "send_email", "subject": "Hi", "body": "{{ account.name }}", "to": {"csm": True},
      "from": "boss@example.com"}, SendEmail, False),
]


@pytest.mark.parametrize("config, kind, changes_account", ACTIONS, ids=[a[0]["action"] for a in ACTIONS])
def test_every_action_and_the_account_change_contract(config, kind, changes_account):
    g = walk([entry(), node("act", "action", **config), email("next")],
             [edge("start", "act"), edge("act", "next")])
    d = start(g, "en", IN_TRIAL, T0)
    assert isinstance(d.effects[0], kind) and d.effects[0].key == "en:act:2"
    assert d.steps[1].detail == d.effects[0].to_dict()
    if changes_account:  # stop so the caller applies it and calls again with fresh data
        assert d.resume and d.state.node_id == "next" and len(d.effects) == 1
        d2 = advance(g, d.state, IN_TRIAL, T0)
        assert [e.node_id for e in d2.effects] == ["next"] and d2.state.status == COMPLETED
    else:
        assert not d.resume and [e.node_id for e in d.effects] == ["act", "next"]


def test_effect_values_are_resolved():
    task = ACTIONS[0][0]
    g = walk([entry(), node("t", "action", **task), node("s", "action", **ACTIONS[3][0])],
             [edge("start", "t"), edge("t", "s")])
    d = start(g, "e", IN_TRIAL, T0)
    assert d.effects[0].due_on == date(2026, 3, 13)
    assert d.effects[1].value == date(2026, 6, 8)
    assert d.effects[1].to_dict()["value"] == "2026-06-08"


def test_an_account_change_is_seen_by_the_next_condition():
    g = walk([entry(), node("s", "action", action="set_attribute", attribute="custom.nps", value=9),
              node("c", "condition", rule=leaf("custom.nps", "gt", 5)), email("y")],
             [edge("start", "s"), edge("s", "c"), edge("c", "y", "yes")])
    d = start(g, "e", IN_TRIAL, T0)
    assert d.resume
    d2 = advance(g, d.state, {**IN_TRIAL, "custom": {"nps": 9}}, T0)  # the caller applied it
    assert outcomes(d2) == [("c", "yes"), ("y", "done")]


def test_replay_gives_the_same_keys_and_path():
    g = load(load_example("new-account-round-robin.json"))
    snap = {"segments": {"new-accounts"}}
    runs = []
    for _ in range(2):
        d, keys = start(g, "en-7", snap, T0), []
        while True:
            keys += [e.key for e in d.effects]
            if not d.resume:
                break
            d = advance(g, d.state, snap, T0)
        runs.append(keys)
    assert runs[0] == runs[1] and len(set(runs[0])) == len(runs[0])


def _goal_graph(on_goal, **exit_kwargs):
    return walk([entry(), node("w", "wait", **{"for": {"days": 1}}), email("after"),
                 node("goal", "goal", rule=leaf("milestone", "has_met", "first-report")),
                 exit_node(on_goal=on_goal, **exit_kwargs)],
                [edge("start", "w"), edge("w", "after")])


MET = {**IN_TRIAL, "milestones": {"first-report"}}


def test_goal_complete_at_enrollment():
    d = start(_goal_graph("complete"), "e", MET, T0)
    assert d.state.status == GOAL_EXITED and d.state.goal_achieved_at == T0 and d.goal_achieved
    assert d.status_change == (GOAL_EXITED, "goal")
    # how it came in is on record before the goal that ended it (support's timeline, the report)
    assert outcomes(d)[:2] == [("start", "entered"), ("goal", "achieved")]


def test_goal_complete_before_a_later_step():
    g = _goal_graph("complete")
    d = start(g, "e", IN_TRIAL, T0)
    later = advance(g, d.state, MET, T0 + timedelta(days=2))
    assert later.state.status == GOAL_EXITED and later.effects == ()


def test_goal_continue_tags_once_and_walks_on():
    g = _goal_graph("continue")
    d = start(g, "e", MET, T0)
    assert d.state.status == ACTIVE and d.state.goal_achieved_at == T0 and d.goal_achieved
    later = advance(g, d.state, MET, T0 + timedelta(days=2))
    assert later.state.goal_achieved_at == T0 and not later.goal_achieved
    assert ("goal", "achieved") not in outcomes(later) and later.state.status == COMPLETED


def test_blacklist_unenrolls():
    g = _goal_graph("complete", blacklist={"any": [leaf("account.status", "eq", "churned")]})
    d = start(g, "e", IN_TRIAL, T0)
    churned = {**IN_TRIAL, "account": {"status": "Churned"}}
    out = advance(g, d.state, churned, T0 + timedelta(hours=1))
    assert out.state.status == UNENROLLED and out.state.reason == "blacklist"
    assert out.status_change == (UNENROLLED, "blacklist")
    assert out.steps[0].node_id == "exit" and out.steps[0].detail["reason"] == "blacklist"


def test_segment_exit_unenroll_vs_nothing():
    g = _goal_graph("complete", segment_exit="unenroll")
    d = start(g, "e", IN_TRIAL, T0)
    assert d.state.status == ACTIVE
    left = advance(g, d.state, {"segments": frozenset({"vip"})}, T0 + timedelta(hours=1))
    assert left.state.status == UNENROLLED and left.state.reason == "segment_exit"
    keep = _goal_graph("complete", segment_exit="nothing")
    d = start(keep, "e", IN_TRIAL, T0)
    assert advance(keep, d.state, {}, T0 + timedelta(hours=1)).state.status == ACTIVE


def test_check_exits_does_not_walk():
    g = _goal_graph("continue", segment_exit="unenroll")
    d = start(g, "e", IN_TRIAL, T0)
    quiet = check_exits(g, d.state, IN_TRIAL, T0 + timedelta(days=3))
    assert quiet.steps == () and quiet.state == d.state and quiet.wake_at == d.wake_at
    tagged = check_exits(g, d.state, {**MET}, T0 + timedelta(days=3))
    assert tagged.goal_achieved and tagged.state.node_id == "w" and tagged.effects == ()
    gone = check_exits(g, d.state, {}, T0)
    assert gone.status_change == (UNENROLLED, "segment_exit")


def test_unenroll_from_runs_once_at_enrollment():
    g = _goal_graph("complete", unenroll={"mode": "specific", "journeys": ["trial-nurture"]})
    d = start(g, "en", IN_TRIAL, T0)
    (effect,) = [e for e in d.effects if isinstance(e, UnenrollFrom)]
    assert effect.journeys == ("trial-nurture",) and effect.key == "en:exit:0" and effect.mode == "specific"
    later = advance(g, d.state, IN_TRIAL, T0 + timedelta(days=1))
    assert not any(isinstance(e, UnenrollFrom) for e in later.effects)


def test_finished_enrollment_is_left_alone():
    g = _goal_graph("complete")
    done = EnrollmentState("e", "w", status=COMPLETED)
    d = advance(g, done, MET, T0)
    assert d.state is done and d.steps == () and d.effects == ()


def test_step_cap_stops_and_resumes():
    chain = [entry()] + [node(f"t{i}", "action", action="create_task", title="x", assignee="csm",
                              due_in_days=0, priority="low") for i in range(10)]
    ids = [n["id"] for n in chain]
    g = walk(chain, [edge(a, b) for a, b in zip(ids, ids[1:])])
    d = start(g, "e", IN_TRIAL, T0, max_steps=4)
    assert d.resume and len(d.steps) == 4 and d.state.status == ACTIVE
    d2 = advance(g, d.state, IN_TRIAL, T0, max_steps=100)
    assert d2.state.status == COMPLETED and len(d.effects) + len(d2.effects) == 10


def test_bad_position_raises_graph_error():
    g = _goal_graph("complete")
    with pytest.raises(GraphError):
        advance(g, EnrollmentState("e", "nowhere"), IN_TRIAL, T0)
    with pytest.raises(GraphError):
        advance(g, EnrollmentState("e", "goal"), IN_TRIAL, T0)


def test_state_round_trips_as_json():
    d = start(_goal_graph("complete"), "e", IN_TRIAL, T0)
    assert EnrollmentState.from_dict(d.state.to_dict()) == d.state


@pytest.mark.parametrize("mode, days_ago, active, expected", [
    ("never", None, False, True), ("never", 400, False, False),
    ("every_time", 1, False, True), ("every_time", None, True, False),
    ("after_days", 29, False, False), ("after_days", 30, False, True),
])
def test_can_enroll(mode, days_ago, active, expected):
    reenroll = {"mode": mode, "days": 30} if mode == "after_days" else {"mode": mode}
    ent = node("start", "entry", segments=["trial"], reenroll=reenroll, enroll_existing=True)
    g = walk([ent], [])
    last = None if days_ago is None else T0 - timedelta(days=days_ago)
    assert can_enroll(g, active=active, last_enrolled_at=last, now=T0) is expected


@pytest.mark.parametrize("mode, days_ago, active, expected", [
    ("never", None, False, None), ("never", 400, False, ("reenroll_never", None)),
    ("every_time", 1, False, None), ("every_time", None, True, ("active", None)),
    ("after_days", 29, False, ("reenroll_wait", T0 + timedelta(days=1))), ("after_days", 30, False, None),
    ("after_days", 400, True, ("active", None)),
])
def test_enroll_refusal_says_which_part_of_the_rule_refuses(mode, days_ago, active, expected):
    reenroll = {"mode": mode, "days": 30} if mode == "after_days" else {"mode": mode}
    g = walk([node("start", "entry", segments=["trial"], reenroll=reenroll, enroll_existing=True)], [])
    last = None if days_ago is None else T0 - timedelta(days=days_ago)
    assert enroll_refusal(g, active=active, last_enrolled_at=last, now=T0) == expected


def test_evolve_changes_only_known_fields():
    state = EnrollmentState.new("e")
    moved = state.evolve(node_id="x", seq=3)
    assert (moved.node_id, moved.seq, state.node_id) == ("x", 3, None)
    assert moved == EnrollmentState("e", "x", seq=3) and hash(moved) == hash(EnrollmentState("e", "x", seq=3))
    with pytest.raises(TypeError):
        state.evolve(colour="red")
