"""Account JSON (SPEC §5): request bodies and responses.

Strict on input: unknown fields, wrong JSON types (a string where a number
is due, a number where text is due), impossible dates (2026-02-30) and NUL
characters are 422s naming the field. ``name`` loads without the spaces around
it and may not be blank or null ("Name cannot be blank."); ``services.
account_writes.prepare`` requires it where an account is made or replaced. Custom values are checked against
the attributes' declared types by the service (it knows the definitions).
A number field (standard or custom) may be given as ``{"increase": by}``: the
write path adds ``by`` in SQL (an unset value counts as 0).

``load_rows(raw_rows, external_ids=None)`` → ``(rows, errors)``: each raw row
loaded on its own, as the API and the CLI hand them to ``services.accounts``:
``rows`` are ``(index, data)``, ``errors`` ``(index, external_id, error)`` with
``error`` in the SPEC error shape (``backend.errors.error_body``).

``fast_load(raw)`` is its quick path for bulk imports: for a row whose every
field is plainly valid it returns exactly what ``AccountSchema().load(raw)``
returns (a hypothesis test holds it to that); for anything else it returns
None and the caller asks ``AccountSchema`` for the verdict and the messages.
"""
from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache

from marshmallow import Schema, ValidationError, fields, validate

from graph_engine.bounds import MAX_NUMBER
from graph_engine.catalog import ACCOUNT_FIELDS, SUBSCRIPTION_FIELDS
from graph_engine.send_window import zone_problem

from .common import IsoDate, Name, TextLength

from ..errors import error_body, fields_message
from ..models.accounts import ACCOUNT_TEXT_LIMITS


class StrictNumber(fields.Field):
    """A JSON number (int or float, not bool, finite); loads as float."""

    default_error_messages = {"invalid": "Not a valid number."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        try:
            number = float(value)
        except OverflowError:  # an int beyond float's range
            raise self.make_error("invalid") from None
        if not math.isfinite(number):
            raise self.make_error("invalid")
        return number

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class NumberOrIncrease(StrictNumber):
    """A standard number field in PATCH and bulk: a number, or ``{"increase": by}`` (loads as
    ``{"increase": float}``), added in SQL by the write path. ``by`` is a finite number within
    ±``MAX_NUMBER``; any other object is refused."""

    default_error_messages = {
        "invalid": "Not a valid number.",
        "increase": f'Give a number, or {{{{"increase": <a number within ±{MAX_NUMBER:.0e}>}}}}.'}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            return super()._deserialize(value, attr, data, **kwargs)
        if set(value) != {"increase"}:
            raise self.make_error("increase")
        try:
            by = super()._deserialize(value["increase"], attr, data, **kwargs)
        except ValidationError:
            raise self.make_error("increase") from None
        if abs(by) > MAX_NUMBER:
            raise self.make_error("increase")
        return {"increase": by}


class Text(fields.String):
    """A string without NUL characters (PostgreSQL cannot store them)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        return text


class JsonValue(fields.Field):
    """Any JSON value on input; dates become ISO strings on output."""

    def _deserialize(self, value, attr, data, **kwargs):
        return value

    def _serialize(self, value, attr, obj, **kwargs):
        return value.isoformat() if isinstance(value, date) else value


def _text(max_len: int = 1000, **kw):
    return Text(allow_none=True, validate=TextLength(max=max_len), **kw)


class ContactSchema(Schema):
    name = _text(300)
    email = fields.Email(required=True, validate=TextLength(max=254))
    role = _text(100)


def _subscription_fields() -> dict:
    kinds = {"text": lambda: _text(), "number": lambda: StrictNumber(allow_none=True),
             "date": lambda: IsoDate(allow_none=True)}
    return {name: kinds[kind]() for name, kind in SUBSCRIPTION_FIELDS.items()}


SubscriptionSchema = Schema.from_dict(_subscription_fields(), name="SubscriptionSchema")


def _standard(kinds: dict, name: str) -> Schema:
    """A schema with graph_engine's standard account fields, each made by ``kinds[type](field)``."""
    return Schema.from_dict({field: kinds[vtype](field) for field, vtype in ACCOUNT_FIELDS.items()},
                            name=name)


def _iana_zone(value) -> None:
    """An account's ``timezone`` must be an IANA name (SPEC §8); null unsets it."""
    problem = value is not None and zone_problem(value)
    if problem:
        raise ValidationError(problem[0].upper() + problem[1:] + ".")


def _text_in(field: str):
    if field == "name":  # required and not blank where an account is made or replaced (prepare)
        return Name(max_length=ACCOUNT_TEXT_LIMITS[field])
    if field == "external_id":
        return Text(validate=TextLength(min=1, max=ACCOUNT_TEXT_LIMITS[field]))
    if field == "timezone":
        return Text(allow_none=True, validate=[TextLength(max=ACCOUNT_TEXT_LIMITS[field]), _iana_zone])
    return _text(ACCOUNT_TEXT_LIMITS[field])


_StandardIn = _standard({"text": _text_in, "number": lambda _: NumberOrIncrease(allow_none=True),
                         "date": lambda _: IsoDate(allow_none=True)}, "_StandardIn")


class AccountSchema(_StandardIn):
    """An account as written by PUT/PATCH/bulk (``external_id`` optional except in bulk)."""

    csm = fields.Email(allow_none=True)
    sales_manager = fields.Email(allow_none=True)
    custom = fields.Dict(keys=fields.String(), values=JsonValue(allow_none=True))
    subscriptions = fields.List(fields.Nested(SubscriptionSchema))
    contacts = fields.List(fields.Nested(ContactSchema))


_REJECT = object()
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_EMAIL = validate.Email()
_INT_LIMIT = 2 ** 53  # ints beyond this go to marshmallow (float rounding, overflow)


def _fast_text(max_len: int, nullable: bool = True):
    def check(value):
        if value is None:
            return None if nullable else _REJECT
        if type(value) is str and len(value) <= max_len and "\x00" not in value:
            return value
        return _REJECT
    return check


def _fast_number(value):
    kind = type(value)
    if value is None:
        return None
    if kind is float:
        return value if math.isfinite(value) else _REJECT
    if kind is int and -_INT_LIMIT <= value <= _INT_LIMIT:
        return float(value)
    return _REJECT


def _fast_date(value):
    if value is None:
        return None
    if type(value) is str and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:  # 2026-02-30
            return _REJECT
    return _REJECT


@lru_cache(maxsize=1024)  # staff emails repeat across a bulk import's rows
def _email_ok(value: str) -> bool:
    try:
        _EMAIL(value)
    except ValidationError:
        return False
    return True


def _fast_email(value, max_len: int | None = None):
    if value is None:
        return None
    if type(value) is not str or (max_len is not None and len(value) > max_len):
        return _REJECT
    return value if _email_ok(value) else _REJECT


def _fast_custom(value):
    if type(value) is not dict or any(type(key) is not str for key in value):
        return _REJECT
    return dict(value)


def _fast_record(checks: dict, record, required: tuple = ()):
    """A JSON object whose every key has a check that passes → the loaded dict, else _REJECT."""
    if type(record) is not dict or any(key not in record for key in required):
        return _REJECT
    loaded = {}
    for key, value in record.items():
        check = checks.get(key)
        if check is None or (value := check(value)) is _REJECT:
            return _REJECT
        loaded[key] = value
    return loaded


def _fast_records(checks: dict, required: tuple = ()):
    def check(value):
        if type(value) is not list:
            return _REJECT
        out = [_fast_record(checks, record, required) for record in value]
        return _REJECT if any(record is _REJECT for record in out) else out
    return check


_FAST_SUBSCRIPTION = {name: {"text": _fast_text(1000), "number": _fast_number,
                             "date": _fast_date}[kind]
                      for name, kind in SUBSCRIPTION_FIELDS.items()}
_FAST_CONTACT = {"name": _fast_text(300), "role": _fast_text(100),
                 "email": lambda v: _REJECT if v is None else _fast_email(v, 254)}
_fast_id_text = _fast_text(ACCOUNT_TEXT_LIMITS["external_id"], nullable=False)
_FAST_ACCOUNT = {
    **{field: {"text": lambda: _fast_text(ACCOUNT_TEXT_LIMITS[field]), "number": lambda: _fast_number,
               "date": lambda: _fast_date}[vtype]() for field, vtype in ACCOUNT_FIELDS.items()},
    "external_id": lambda v: _REJECT if v == "" else _fast_id_text(v),
    # a name with spaces around it (the schema trims it), blank or null: the schema says
    "name": lambda v: v if (type(v) is str and v and v.strip() == v
                            and len(v) <= ACCOUNT_TEXT_LIMITS["name"] and "\x00" not in v) else _REJECT,
    "timezone": lambda v: v if v is None or (type(v) is str and len(v) <= 64 and zone_problem(v) is None)
    else _REJECT,
    "csm": _fast_email, "sales_manager": _fast_email, "custom": _fast_custom,
    "subscriptions": _fast_records(_FAST_SUBSCRIPTION),
    "contacts": _fast_records(_FAST_CONTACT, required=("email",)),
}


def fast_load(raw) -> dict | None:
    """``AccountSchema().load(raw)`` for a plainly valid row; None when unsure (ask the schema)."""
    loaded = _fast_record(_FAST_ACCOUNT, raw)
    return None if loaded is _REJECT else loaded


_SCHEMA = AccountSchema()


def load_rows(raw_rows: list, *, external_ids: list[str] | None = None):
    """Load each raw account row with ``AccountSchema``; returns ``(rows, errors)``.

    ``rows``: ``[(index, data)]`` for the rows that load, each with its
    ``external_id``; ``errors``: ``[(index, external_id, error)]`` for the others
    (not an object, a field that does not load, no ``external_id``).
    ``external_ids`` (one per row, from the URL) overrides the rows' own: a row may
    leave it out, and one that gives a different one is an error.
    """
    rows, errors = [], []
    for index, raw in enumerate(raw_rows):
        ext = external_ids[index] if external_ids else (
            raw.get("external_id") if isinstance(raw, dict) else None)
        if not isinstance(raw, dict):
            errors.append((index, None, error_body("Each account must be a JSON object.")))
            continue
        data = fast_load(raw)  # the schema's own answer for plainly valid rows, only quicker
        if data is None:
            try:
                data = _SCHEMA.load(raw)
            except ValidationError as exc:
                errors.append((index, ext, error_body(fields_message(exc.messages),
                                                      exc.messages)))
                continue
        if external_ids:
            if "external_id" in data and data["external_id"] != ext:
                errors.append((index, ext, error_body(
                    "external_id in the body differs from the URL.",
                    {"external_id": ["Must match the URL."]})))
                continue
            data["external_id"] = ext
        elif "external_id" not in data:
            errors.append((index, None, error_body("Some fields are not valid: external_id",
                                                   {"external_id": ["Missing data."]})))
            continue
        rows.append((index, data))
    return rows, errors


_StandardOut = _standard({"text": lambda f: fields.String() if f == "external_id" else
                          fields.String(allow_none=True),
                          "number": lambda _: fields.Float(allow_none=True),
                          "date": lambda _: IsoDate(allow_none=True)}, "_StandardOut")


class AccountOutSchema(_StandardOut):
    csm = fields.String(allow_none=True)
    sales_manager = fields.String(allow_none=True)
    custom = fields.Dict(keys=fields.String(), values=JsonValue())
    subscriptions = fields.List(fields.Dict(keys=fields.String(), values=JsonValue()))
    contacts = fields.List(fields.Nested(ContactSchema))
    segments = fields.List(fields.String())
    milestones = fields.List(fields.String())
    outcomes = fields.List(fields.String())
    playbooks = fields.Dict(keys=fields.String(),
                            values=fields.Dict(keys=fields.String(), values=JsonValue()))
    updated_at = fields.DateTime()


class AccountListSchema(Schema):
    items = fields.List(fields.Nested(AccountOutSchema))
    total = fields.Integer()


class AccountQuerySchema(Schema):
    q = fields.String(validate=TextLength(max=200))
    segment = fields.String()
    csm = fields.String(validate=validate.Length(min=1, max=254), metadata={
        "description": "the accounts whose CSM is this staff user (email, case-insensitive), `me` for "
                       "the logged-in user, or `none` for accounts with no CSM; an email that is no "
                       "staff user, or `me` with a token (no user), is a 422 naming `csm`",
        "example": "me"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class BulkSchema(Schema):
    """``{"accounts": [...]}``: rows stay raw here; each is validated on its own."""

    accounts = fields.List(fields.Raw(), required=True,
                           validate=TextLength(max=10_000))


class BulkErrorSchema(Schema):
    index = fields.Integer()
    external_id = fields.Raw(allow_none=True)
    error = fields.Dict()


class BulkResultSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    errors = fields.List(fields.Nested(BulkErrorSchema))


class MarkSchema(Schema):
    key = fields.String()
    met = fields.Boolean()
    met_at = fields.DateTime(allow_none=True)
