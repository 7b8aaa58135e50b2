"""The engine's one error: an effect that cannot be carried out."""
from __future__ import annotations


class ActionError(Exception):
    """The effect cannot be carried out; the message is shown to support staff (the
    walker marks that enrollment ``failed`` with it, and Retry resumes at the same node)."""
