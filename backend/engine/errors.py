"""The engine's one error: an effect that cannot be carried out."""
from __future__ import annotations


class ActionError(Exception):
    """The effect cannot be carried out; the message is shown to support staff. The walker
    marks that enrollment ``failed`` with it, logged at the step whose action failed
    (``node_id``); the steps before that action, in the same round, are kept, and the
    enrollment waits at the action (``effect_key``: the effect that failed, which Retry
    performs again). Both are set by ``actions.perform`` (and by ``Round.resolve`` for a CSM
    chosen from a pool)."""

    node_id: str | None = None
    effect_key: str | None = None

    def at(self, effect) -> "ActionError":
        """Name the effect that failed (the first to do so wins); returns self."""
        self.node_id = self.node_id or effect.node_id
        self.effect_key = self.effect_key or effect.key
        return self
