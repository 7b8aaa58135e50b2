"""The engine's one error: an effect that cannot be carried out."""
from __future__ import annotations


class ActionError(Exception):
    """The effect cannot be carried out; the message is shown to support staff (the
    walker marks that enrollment ``failed`` with it, logged at the step whose action failed —
    ``node_id``, set by ``actions.perform`` —, and Retry walks again from where the round began,
    nothing of that round having been kept)."""

    node_id: str | None = None
