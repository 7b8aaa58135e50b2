"""Sandboxed email/task templates and their merge fields (used by the engine and the template preview)."""
