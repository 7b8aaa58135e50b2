"""Calling other systems over HTTP, safely (SPEC §9): egress checks, the pinned client,
signing, the per-host rate limit and the encrypted secrets. Used by the engine (webhook
delivery) and the services (the designer's "send test request", ``/api/secrets``); it imports
neither."""
