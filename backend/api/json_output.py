"""How the API writes JSON: whole numbers as integers, timestamps with their offset.

Numbers live in ``Double`` columns (SPEC §1: ``licenses`` is a number, custom
number attributes too), so a count of 34 came out as ``34.0``. ``ApiJSONProvider``
writes every float that is a whole number (within ±2**53, where floats are exact)
as an integer; 34.5 stays 34.5. A ``datetime`` still reaching the encoder is
written ISO 8601 with its offset (naive ones are UTC: the database keeps UTC),
never in Flask's default RFC 822 form; a ``date`` as ``YYYY-MM-DD``.

Reading: request bodies are parsed by orjson (a 10,000-event POST parses in about two
thirds of the standard library's time), except where orjson would answer differently —
a number of 19 or more digits (orjson turns integers beyond 64 bits into floats) or a body
orjson refuses (NaN, a lone surrogate, a BOM…): those go to the standard library as before,
so the input guard sees what it always saw.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import orjson
from flask.json.provider import DefaultJSONProvider

_EXACT = 2 ** 53
_DIGITS_ONLY = bytes.maketrans(b"0123456789", b"0000000000")
_LONG_NUMBER = b"0" * 19


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

    def loads(self, s, **kwargs):
        """Parse JSON: orjson where it answers as the standard library does (module doc)."""
        if isinstance(s, (bytes, bytearray)) and not kwargs \
                and _LONG_NUMBER not in s.translate(_DIGITS_ONLY):
            try:
                return orjson.loads(s)
            except orjson.JSONDecodeError:
                pass
        return super().loads(s, **kwargs)
