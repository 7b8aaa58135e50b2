"""API tokens as the admin sees them: never the secret (it is stored hashed)."""
from __future__ import annotations

from marshmallow import Schema, fields


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String(metadata={"description": "who or what uses the token"})
    role = fields.String(metadata={"enum": ["admin", "csm", "support"]})
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True, metadata={
        "description": "the last request it authenticated, to the minute (null: never used)"})
    revoked_at = fields.DateTime(allow_none=True, metadata={"description": "null while it works"})


class TokenListSchema(Schema):
    items = fields.List(fields.Nested(TokenSchema))
