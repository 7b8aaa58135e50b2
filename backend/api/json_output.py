"""How the API writes JSON: whole numbers as integers, timestamps with their offset.

Numbers live in ``Double`` columns (SPEC §1: ``licenses`` is a number, custom
number attributes too), so a count of 34 came out as ``34.0``. ``ApiJSONProvider``
writes every float that is a whole number (within ±2**53, where floats are exact)
as an integer; 34.5 stays 34.5. A ``datetime`` still reaching the encoder is
written ISO 8601 with its offset (naive ones are UTC: the database keeps UTC),
never in Flask's default RFC 822 form; a ``date`` as ``YYYY-MM-DD``.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask.json.provider import DefaultJSONProvider

_EXACT = 2 ** 53


def plain(value):
    """``value`` with whole floats made ints and datetimes ISO with offset (recursively)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() and -_EXACT <= value <= _EXACT else value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


class ApiJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with :func:`plain` applied to everything it writes
    (``jsonify``, views returning a dict, flask-smorest's responses: all go through ``dumps``)."""

    def dumps(self, obj, **kwargs) -> str:
        return super().dumps(plain(obj), **kwargs)
