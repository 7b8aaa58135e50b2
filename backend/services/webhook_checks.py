"""What a journey's webhook steps need from the workspace before they can send (SPEC §9).

``webhook_problems(graph) -> list[dict]`` (SPEC §2 problem dicts, on the step): every request
is signed with the workspace's signing secret, so a webhook step with none made yet
(``no_signing_secret``) would fail every call. That is known at publish, so publishing refuses
it instead of the journey failing account after account (headers naming a secret that does not
exist are graph_engine's ``unknown_secret``, checked against the catalog). One query, and only
for a graph with webhook steps. A journey published before this check still fails its calls
with the reason (``engine.webhooks``).
"""
from __future__ import annotations

from typing import Any

from ..extensions import db
from ..models.webhooks import Secret
from ..outbound import secret_box

NO_SIGNING = ("Webhook requests are signed with the workspace's signing secret, and none has been "
              "made yet: make one under Webhooks → Secrets (its value is shown once), then publish.")


def _webhook_nodes(graph: Any) -> list[dict]:
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    return [n for n in (nodes if isinstance(nodes, list) else ())
            if isinstance(n, dict) and n.get("type") == "action" and isinstance(n.get("id"), str)
            and isinstance(n.get("config"), dict) and n["config"].get("action") == "webhook"]


def webhook_problems(graph: Any) -> list[dict]:
    """Problems of ``graph``'s webhook steps against the workspace's secrets (see module doc)."""
    hooks = _webhook_nodes(graph)
    if not hooks or db.session.get(Secret, secret_box.SIGNING) is not None:
        return []
    return [{"code": "no_signing_secret", "message": NO_SIGNING, "node_id": node["id"], "edge": None}
            for node in hooks]
