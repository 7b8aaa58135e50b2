"""``GET /api/catalog``: the names a journey graph may use, and the rule language's words."""
from __future__ import annotations

from marshmallow import Schema, fields


class _Keyed(Schema):
    key = fields.String()
    name = fields.String()


class CatalogSchema(Schema):
    segments = fields.List(fields.Nested(_Keyed))
    templates = fields.List(fields.Nested(Schema.from_dict({"key": fields.String(), "subject": fields.String()},
                                                           name="CatalogTemplate")))
    playbooks = fields.List(fields.Nested(Schema.from_dict(
        {"key": fields.String(), "name": fields.String(), "due_in_days": fields.Integer()}, name="CatalogPlaybook")))
    users = fields.List(fields.Nested(Schema.from_dict(
        {"email": fields.String(), "name": fields.String(), "role": fields.String()}, name="CatalogUser")))
    milestones = fields.List(fields.Nested(_Keyed))
    outcomes = fields.List(fields.Nested(_Keyed))
    attributes = fields.List(fields.Nested(Schema.from_dict(
        {"key": fields.String(), "label": fields.String(), "type": fields.String()}, name="CatalogAttribute")))
    journeys = fields.List(fields.Nested(_Keyed))
    contact_roles = fields.List(fields.String())
    # JSON "fields"; named otherwise here so the class body keeps marshmallow's ``fields``
    field_types = fields.Nested(Schema.from_dict({
        "account": fields.List(fields.Nested(Schema.from_dict(
            {"key": fields.String(), "type": fields.String(), "writable": fields.Boolean()},
            name="CatalogAccountField"))),
        "subscription": fields.List(fields.Nested(Schema.from_dict(
            {"key": fields.String(), "type": fields.String()}, name="CatalogSubscriptionField"))),
    }, name="CatalogFields"), data_key="fields", attribute="fields",
        metadata={"description": "standard fields a rule or action may name, with their types "
                                 "(graph_engine's table)"})
    operators = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                            metadata={"description": "rule operators by value type (number, text, "
                                                     "date, boolean) and for membership, playbook "
                                                     "and user properties, in the order to offer them"})
