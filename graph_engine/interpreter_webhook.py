"""Webhook actions park their enrollment until the call is answered (SPEC §9).

A webhook is the one action whose result the journey may need: ``save_response`` writes the
answer into the account, and the next node must see it. So the interpreter does not walk past
a webhook node when it emits the call; the enrollment *parks* there, like a wait with no
timer, and goes on only once the backend has recorded a 2xx answer.

``webhook_step(walk, node) -> bool`` handles one call of ``advance`` at a webhook node:

- **arrival** (``state.wait_started_at`` is None): one visit is counted, the ``CallWebhook``
  effect is emitted with the key ``<enrollment>:<node>:<seq>`` (the call's Idempotency-Key),
  the step ``waiting`` is logged (detail: the effect) and the enrollment parks:
  ``wait_started_at`` = now, ``wake_at`` None (no timer: the delivery wakes it). False.
- **parked, not answered** (``state.reply`` is None, or is for another key): nothing happens,
  no step, no effect; the same state is returned (False). A walk started for another reason
  (the account changed) leaves it parked; goal and exit rules still apply.
- **parked, answered** (``state.reply["key"]`` is this visit's key): the step ``done`` is
  logged with the answer as ``detail.result`` (``{"status": "sent", "response_status",
  "duration_ms", "method", "url", "response", "saved"}``), the reply is cleared, and the walk
  goes on along the node's out-edge at once (True). The effect is not emitted again: the
  visit is counted once.

A call that fails (another 4xx, or 24 h of retries) never reaches the interpreter: the backend
marks the enrollment ``failed`` at this node (the engine never fails one, see
:mod:`graph_engine.state`), and Retry re-sends the same call (same key) and makes the
enrollment active again, still parked here, so the walk resumes when the resend is answered.

``call_key(state, node_id) -> str`` the key of the call the state is parked for;
``answered(state, reply) -> EnrollmentState`` the state with a reply put in (the backend stores
the same dict in the enrollment's state JSON; ``simulate`` uses it to assume a 2xx);
``parked_call(graph, state) -> str | None`` the key of the unanswered call a state is parked
for, None when it is not parked at a webhook.
"""
from __future__ import annotations

from typing import Mapping

from .effects import build_action_effect
from .model import JourneyGraph, Node, NodeType
from .state import ACTIVE, EnrollmentState

WEBHOOK = "webhook"


def is_webhook(node: Node | None) -> bool:
    """Whether ``node`` is a webhook action."""
    return node is not None and node.type == NodeType.ACTION and node.config.get("action") == WEBHOOK


def call_key(state: EnrollmentState, node_id: str) -> str:
    """The Idempotency-Key of the call made at this visit of ``node_id``."""
    return f"{state.enrollment_id}:{node_id}:{state.seq}"


def answered(state: EnrollmentState, reply: Mapping) -> EnrollmentState:
    """``state`` with ``reply`` (must carry ``"key"``) as the answer it waits for."""
    if "key" not in reply:
        raise ValueError("a webhook reply names the call's key")
    return state.evolve(reply=dict(reply))


def parked_call(graph: JourneyGraph, state: EnrollmentState) -> str | None:
    """The key of the call an active state waits for at a webhook node, else None."""
    if state.status != ACTIVE or state.node_id is None or state.wait_started_at is None:
        return None
    if not is_webhook(graph.node(state.node_id)):
        return None
    key = call_key(state, state.node_id)
    return None if (state.reply or {}).get("key") == key else key


def webhook_step(walk, node: Node) -> bool:
    """Process a webhook node now (see module docstring); True when the walk moves past it."""
    state = walk.state
    if state.wait_started_at is None:
        seq = walk.visit()
        effect = build_action_effect(node, f"{walk.state.enrollment_id}:{node.id}:{seq}", walk.today)
        walk.effects.append(effect)
        walk.log(node, "waiting", effect.to_dict())
        walk.state = walk.state.evolve(wait_started_at=walk.now, wake_at=None, reply=None)
        return False
    reply = state.reply
    key = call_key(state, node.id)
    if not isinstance(reply, Mapping) or reply.get("key") != key:
        walk.state = state.evolve(wake_at=None)  # parked: nothing to do until it is answered
        return False
    detail = {"kind": WEBHOOK, "node_id": node.id, "key": key,
              "method": reply.get("method") or node.config.get("method", "POST"),
              "url": reply.get("url") or node.config["url"],
              "result": {k: v for k, v in reply.items() if k != "key"}}
    walk.log(node, "done", detail)
    walk.state = walk.state.evolve(reply=None)
    return walk.move(node, walk.graph.next_node(node.id))
