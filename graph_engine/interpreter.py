"""The interpreter: one enrollment, one call, one pure decision.

``advance(graph, state, snapshot, now, *, max_steps=100) -> Decision``
    ``graph`` a validated JourneyGraph, ``state`` an EnrollmentState,
    ``snapshot`` the account snapshot (see :mod:`graph_engine.rules`),
    ``now`` a datetime (naive = UTC). A state with ``node_id`` None is
    enrolled first: ``enrolled_at`` is set, the entry step is logged (the walk
    then goes on from the node after it) and, when the exit node says so, an
    ``UnenrollFrom`` effect is emitted (once). Then the goal and exit
    criteria are checked (SPEC §4: goal tagged once; ``on_goal: complete``
    → ``goal_exited``; blacklist → ``unenrolled``/``blacklist``;
    ``on_segment_exit: unenroll`` and none of the entry's segments in
    ``snapshot["segments"]`` → ``unenrolled``/``segment_exit``), and the walk
    goes on from ``state.node_id`` until it waits, ends, emits an
    account-changing effect or takes ``max_steps`` steps. A non-active state
    gives an empty decision. Raises GraphError when ``state.node_id`` is not
    a walkable node of ``graph``.

    **Account-change contract.** The snapshot is never changed. When an
    action changes the account (set/copy/clear/increase attribute, assign
    CSM or playbook) ``advance`` stops right after it with
    ``decision.resume = True`` and the state already past the action: the
    caller records and applies the effects, rebuilds the snapshot and calls
    ``advance`` again at once. So every later node (and the goal/exit check
    that opens each call) sees the changed data. Goal/exit are checked once
    per call, which is "before every step": the data cannot change inside a
    call. ``resume`` is also set when ``max_steps`` was reached.

    Nodes: entry → ``entered``; action → ``done`` (detail: the effect), except
    a webhook, which logs ``waiting`` and parks until its call is answered
    (:mod:`graph_engine.interpreter_webhook`), and an email or task outside the
    journey's send window or over the frequency cap, which logs ``held`` and
    waits at the node, or ``skipped`` (:mod:`graph_engine.delivery_gate`);
    condition → ``yes``/``no`` (detail: ``explain``), a missing branch
    completes (``no_branch``); split → the chosen key, picked from
    sha256(enrollment id, node id) and the weights (sorted keys), so a
    replay takes the same path; end → ``completed``; a node without an
    out-edge completes (``no_edge``). Waits log ``waiting`` (detail
    ``wake_at``) on arrival, then ``done`` (for, until_date) or
    ``met``/``timeout`` (until_rule). ``until_date`` is recomputed from the
    snapshot at every call (a past date continues at once; an unset one
    waits for the account to change, ``wake_at`` None); ``until_rule`` is
    evaluated at every call: met → ``met``, else ``now >= wake_at`` →
    ``timeout``, else still waiting. A call before a wait is due returns the
    same state and no steps.

``check_exits(graph, state, snapshot, now) -> Decision``
    The goal/exit check alone (no walking, no enrolling), for the checks
    made when the account's data changes.
``start(graph, enrollment_id, snapshot, now, *, max_steps=100) -> Decision``
    ``advance`` from ``EnrollmentState.new(enrollment_id)``.
``split_choice(enrollment_id, node_id, weights) -> str``
    The deterministic split branch.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Mapping

from .effects import ACCOUNT_CHANGING, UnenrollFrom, build_action_effect
from .errors import GraphError
from .frozen import thaw
from .model import JourneyGraph, Node, NodeType
from .event_windows import graph_event_windows
from .delivery_gate import delivery_step
from .interpreter_wait import wait_step
from .interpreter_webhook import WEBHOOK, webhook_step
from .rules import explainer
from .state import ACTIVE, COMPLETED, GOAL_EXITED, UNENROLLED, Decision, EnrollmentState, Step, utc

_DEFAULT_EXIT = {"on_goal": "complete", "on_enroll_unenroll_from": {"mode": "none"},
                 "on_segment_exit": "nothing", "blacklist": None}


def rule_explainer(graph: JourneyGraph, node_id: str, *path: str):
    """The cached explain function of the rule at ``config[path...]`` of a node."""
    def build():
        value = graph.node(node_id).config
        for key in path:
            value = value[key]
        return explainer(thaw(value))
    return graph.memo(("explain", node_id) + path, build)


def split_choice(enrollment_id: str, node_id: str, weights: Mapping[str, float]) -> str:
    """Pick a split branch from a stable hash of the ids and the weights."""
    digest = hashlib.sha256(f"{enrollment_id}:{node_id}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2 ** 64 * sum(weights.values())
    running, chosen = 0, None
    for key in sorted(weights):
        if weights[key] <= 0:
            continue
        running += weights[key]
        chosen = key
        if point < running:
            break
    return chosen


class _Walk:
    """Mutable scratchpad for one call; ``decision()`` freezes the result."""

    def __init__(self, graph: JourneyGraph, state: EnrollmentState, snapshot: Mapping, now: datetime):
        self.now = utc(now)
        if graph.memo("uses_events", lambda: bool(graph_event_windows(graph))):
            snapshot = {**snapshot, "now": self.now}  # event windows count back from now
        self.graph, self.state, self.snapshot = graph, state, snapshot
        self.today = self.now.date()
        self.effects, self.steps = [], []
        self.watch, self.resume, self.goal_achieved = None, False, False
        self.exit_cfg = graph.memo("exit_cfg", lambda: thaw(graph.exit.config) if graph.exit else _DEFAULT_EXIT)
        self.start_status = state.status

    def decision(self) -> Decision:
        st = self.state
        change = (st.status, st.reason) if st.status != self.start_status else None
        return Decision(state=st, effects=tuple(self.effects), steps=tuple(self.steps),
                        wake_at=st.wake_at if st.status == ACTIVE else None,
                        watch=self.watch if st.status == ACTIVE else None,
                        resume=self.resume and st.status == ACTIVE, status_change=change,
                        goal_achieved=self.goal_achieved)

    def log(self, node: Node, outcome: str, detail: dict | None = None) -> None:
        self.steps.append(Step(node.id, node.type.value, outcome, detail or {}, self.now))

    def end(self, status: str, reason: str) -> None:
        self.state = self.state.evolve(status=status, reason=reason, wake_at=None, wait_started_at=None)

    def enroll(self) -> None:
        entry = self.graph.entry
        if entry is None:
            raise GraphError("the graph has no entry node")
        self.state = self.state.evolve(node_id=entry.id, enrolled_at=self.now)
        # The entry step is logged before anything else, the goal and exit checks included: an
        # account that meets the goal as it enrolls still shows how it came in (its segment or
        # event), and the report counts it as reaching the entry.
        _entry(self, entry)
        unenroll = self.exit_cfg["on_enroll_unenroll_from"]
        if unenroll["mode"] != "none":
            exit_node = self.graph.exit
            key = f"{self.state.enrollment_id}:{exit_node.id}:0"
            effect = UnenrollFrom(node_id=exit_node.id, key=key, mode=unenroll["mode"],
                                  journeys=tuple(unenroll.get("journeys", ())))
            self.effects.append(effect)
            self.log(exit_node, "unenroll_from", effect.to_dict())

    def check_exits(self) -> None:
        goal, cfg = self.graph.goal, self.exit_cfg
        if goal is not None and self.state.goal_achieved_at is None:
            result = rule_explainer(self.graph, goal.id, "rule")(self.snapshot, self.today)
            if result["verdict"]:
                self.state = self.state.evolve(goal_achieved_at=self.now)
                self.goal_achieved = True
                self.log(goal, "achieved", result)
        if self.state.goal_achieved_at is not None and cfg["on_goal"] == "complete":
            self.end(GOAL_EXITED, "goal")
            return
        exit_node = self.graph.exit
        if cfg["blacklist"] is not None:
            result = rule_explainer(self.graph, exit_node.id, "blacklist")(self.snapshot, self.today)
            if result["verdict"]:
                self.log(exit_node, "unenrolled", {"reason": "blacklist", "rule": result})
                self.end(UNENROLLED, "blacklist")
                return
        tracked = list(self.graph.entry.config.get("segments", ()))
        if cfg["on_segment_exit"] == "unenroll" and tracked:  # an events-only entry has none
            if not set(tracked) & set(self.snapshot.get("segments") or ()):
                self.log(exit_node, "unenrolled", {"reason": "segment_exit", "segments": tracked})
                self.end(UNENROLLED, "segment_exit")

    def walk(self, max_steps: int) -> None:
        taken = 0
        while self.state.status == ACTIVE:
            node = self.graph.node(self.state.node_id)
            if node is None or node.type in (NodeType.GOAL, NodeType.EXIT):
                raise GraphError(f"enrollment is at {self.state.node_id!r}, not a walkable node")
            if taken >= max_steps:
                self.resume = True
                return
            taken += 1
            if not _HANDLERS[node.type](self, node):
                return

    def visit(self) -> int:
        self.state = self.state.evolve(seq=self.state.seq + 1)
        return self.state.seq

    def move(self, node: Node, target: str | None, reason: str = "no_edge") -> bool:
        """Go to ``target``; None completes the walk. True: keep walking."""
        if target is None:
            self.end(COMPLETED, reason)
            return False
        self.state = self.state.evolve(node_id=target, wake_at=None, wait_started_at=None)
        return True


def _entry(walk: _Walk, node: Node) -> bool:
    walk.visit()
    detail = {"segments": list(node.config.get("segments", ()))}
    if walk.state.entered_via:
        detail["event"] = dict(walk.state.entered_via)
    walk.log(node, "entered", detail)
    return walk.move(node, walk.graph.next_node(node.id))


def _action(walk: _Walk, node: Node) -> bool:
    if node.config["action"] == WEBHOOK:
        return webhook_step(walk, node)  # parks until the call is answered
    resumed = walk.state.wait_started_at is not None  # held here before: same visit, same key
    seq = walk.state.seq if resumed else walk.visit()
    gated = delivery_step(walk, node, resumed)  # send window / frequency cap (SPEC §8)
    if gated is not None:
        return gated
    effect = build_action_effect(node, f"{walk.state.enrollment_id}:{node.id}:{seq}", walk.today)
    walk.effects.append(effect)
    walk.log(node, "done", effect.to_dict())
    going = walk.move(node, walk.graph.next_node(node.id))
    if going and isinstance(effect, ACCOUNT_CHANGING):
        walk.resume = True
        return False
    return going


def _condition(walk: _Walk, node: Node) -> bool:
    walk.visit()
    result = rule_explainer(walk.graph, node.id, "rule")(walk.snapshot, walk.today)
    outcome = "yes" if result["verdict"] else "no"
    walk.log(node, outcome, result)
    return walk.move(node, walk.graph.next_node(node.id, outcome), "no_branch")


def _split(walk: _Walk, node: Node) -> bool:
    walk.visit()
    weights = dict(node.config["weights"])
    key = split_choice(walk.state.enrollment_id, node.id, weights)
    walk.log(node, key, {"weights": weights})
    return walk.move(node, walk.graph.next_node(node.id, key), "no_branch")


def _end(walk: _Walk, node: Node) -> bool:
    walk.visit()
    walk.log(node, "completed")
    walk.end(COMPLETED, "end")
    return False


_HANDLERS = {NodeType.ENTRY: _entry, NodeType.ACTION: _action, NodeType.CONDITION: _condition,
             NodeType.SPLIT: _split, NodeType.END: _end, NodeType.WAIT: wait_step}


def advance(graph: JourneyGraph, state: EnrollmentState, snapshot: Mapping, now: datetime,
            *, max_steps: int = 100) -> Decision:
    """Walk one enrollment as far as it can go now (see module docstring)."""
    if state.status != ACTIVE:
        return Decision(state=state)
    walk = _Walk(graph, state, snapshot, now)
    if state.node_id is None:
        walk.enroll()
        max_steps -= 1  # the entry step counts toward the cap
    if walk.state.status == ACTIVE:  # an entry with nothing after it has completed already
        walk.check_exits()
    walk.walk(max_steps)
    return walk.decision()


def check_exits(graph: JourneyGraph, state: EnrollmentState, snapshot: Mapping,
                now: datetime) -> Decision:
    """Goal and exit criteria only (no walking)."""
    if state.status != ACTIVE:
        return Decision(state=state)
    walk = _Walk(graph, state, snapshot, now)
    walk.check_exits()
    return walk.decision()


def start(graph: JourneyGraph, enrollment_id: str, snapshot: Mapping, now: datetime,
          *, max_steps: int = 100) -> Decision:
    """Enroll and walk a new enrollment."""
    return advance(graph, EnrollmentState.new(enrollment_id), snapshot, now, max_steps=max_steps)
