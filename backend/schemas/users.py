"""Staff users and the login session."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models.users import STAFF_ROLES
from .common import CleanSchema, Name, TextLength


class UserSchema(CleanSchema):
    email = fields.Email(required=True)
    name = Name(required=True)
    role = fields.String(required=True, validate=validate.OneOf(STAFF_ROLES))
    password = fields.String(load_only=True, validate=TextLength(min=8, max=200))
    can_log_in = fields.Boolean(dump_only=True)


class UserUpdateSchema(CleanSchema):
    name = Name()
    role = fields.String(validate=validate.OneOf(STAFF_ROLES))
    password = fields.String(load_only=True, validate=TextLength(min=8, max=200))


class UserListSchema(Schema):
    items = fields.List(fields.Nested(UserSchema))


class LoginSchema(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, validate=TextLength(min=1))


class SessionUserSchema(Schema):
    email = fields.String()
    name = fields.String()
    role = fields.String()


class SessionSchema(Schema):
    user = fields.Nested(SessionUserSchema, allow_none=True)
    csrf_token = fields.String(allow_none=True)
