"""Workspace settings (SPEC §8): ``GET/PUT /api/settings``.

The schema documents the shape and checks JSON types; the service
(``services.workspace_settings``) checks the values, so every write path
shares one set of rules.
"""
from __future__ import annotations

from marshmallow import fields, validate

from .common import CleanSchema


class FrequencyCapSchema(CleanSchema):
    emails = fields.Integer(required=True, strict=True, validate=validate.Range(min=1),
                            metadata={"description": "journey emails allowed per address in the window"})
    per_days = fields.Integer(required=True, strict=True, validate=validate.Range(min=1),
                              metadata={"description": "rolling window, in days"})


class SettingsSchema(CleanSchema):
    default_timezone = fields.String(metadata={"description": "IANA time zone of accounts with none",
                                               "example": "Europe/Berlin"})
    frequency_cap = fields.Nested(FrequencyCapSchema, allow_none=True,
                                  metadata={"description": "null: no cap"})
    tracking = fields.Boolean(metadata={"description": "open pixel and click tracking"})
    public_url = fields.String(metadata={"description": "http(s) base of links in emails"})
    default_from = fields.String(metadata={
        "description": "the address emails go from when no other sender applies (a step sending "
                       "from the CSM to an account with no CSM, test sends); default MAIL_FROM, "
                       "else journeys@localhost", "example": "success@example.com"})
