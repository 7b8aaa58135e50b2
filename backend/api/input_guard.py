"""Hostile input is refused before any view runs, for every ``/api`` endpoint.

``guard_request()`` runs after authentication (strangers get 401, not 422) and
raises a ``backend.errors`` error, answered in the SPEC §5 error shape:

- a request body that is not JSON (``POST``/``PUT``/``PATCH``/``DELETE`` with a
  non-empty body of another content type) → 415 ``unsupported_media_type``;
- JSON that does not parse, or nests too deeply for the parser → 400;
- JSON nested deeper than ``MAX_JSON_DEPTH`` levels → 422 (the services, the
  marshmallow schemas and the rule compilers recurse; 100 levels leave room for
  a graph holding a rule nested ``MAX_RULE_DEPTH`` deep);
- a text (or key) holding NUL (PostgreSQL cannot store it) or a lone UTF-16
  surrogate such as ``"\\udc80"`` (not encodable as UTF-8) → 422;
- a number that is not finite (``1e309`` parses as infinity; ``NaN``,
  ``Infinity``) or an integer outside 64 bits → 422: no column of either
  database holds them;
- the same NUL/surrogate/64-bit checks on the path and the query string
  (``?offset=99999999999999999999``) → 422.

A body value refused at a field is reported as marshmallow reports a field's problem
(``details`` ``{"frequency_cap": {"emails": ["Whole numbers must fit in 64 bits…"]}}``,
message "Some fields are not valid: frequency_cap. Whole numbers must fit…"), so the UI shows it
under that field.

The walk is iterative: no input can exhaust the stack here.
"""
from __future__ import annotations

import math
import re

from flask import request

from ..errors import ApiError, Invalid

MAX_JSON_DEPTH = 100
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_INTEGER = re.compile(r"[+-]?\d+")


class BadRequest(ApiError):
    status, code = 400, "bad_request"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"


def text_problem(text: str) -> str | None:
    """Why a text cannot be stored (NUL, lone surrogate), or None."""
    if "\x00" in text:
        return "Text may not contain NUL (U+0000) characters."
    if text.isascii():  # no surrogates in ASCII: skips the search for most texts (bulk bodies)
        return None
    if _SURROGATE.search(text):
        return "Text may not contain lone UTF-16 surrogates (such as \\udc80); send valid Unicode."
    return None


def number_problem(value) -> str | None:
    """Why a JSON number cannot be stored (not finite, beyond 64 bits), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            return "Whole numbers must fit in 64 bits (at most 9223372036854775807 either way)."
    elif isinstance(value, float) and not math.isfinite(value):
        return "Numbers must be finite (1e309, Infinity and NaN are not numbers here)."
    return None


def json_problem(value) -> str | None:
    """The first reason ``value`` (parsed JSON) is refused, or None; never recurses."""
    found = json_problem_at(value)
    return found[1] if found else None


def json_problem_at(value) -> tuple[tuple, str] | None:
    """``(path, reason)`` of the first value ``json_problem`` refuses, or None. ``path`` is the
    keys and list indexes down to it (``("frequency_cap", "emails")``; a key's own problem is
    reported at the object holding it; ``()``: the body itself); never recurses."""
    stack = [(value, 1, ())]
    while stack:
        item, depth, path = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
        elif isinstance(item, (int, float)):
            problem = number_problem(item)
        elif isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                return path, f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels."
            if isinstance(item, dict):
                for key, inner in item.items():
                    stack.append((key, depth, path))
                    stack.append((inner, depth + 1, (*path, key)))
            else:
                stack.extend((inner, depth + 1, (*path, index)) for index, inner in enumerate(item))
            problem = None
        else:
            problem = None
        if problem:
            return path, problem
    return None


def field_error(path: tuple, problem: str) -> Invalid:
    """The 422 for a value the guard refuses: at a field (``path`` not empty), in the shape
    marshmallow's field errors have (``{"frequency_cap": {"emails": [problem]}}``, list indexes
    as keys), so a form shows it under the field it is about, the message naming the field
    and the problem; else the problem alone."""
    if not path or not isinstance(path[0], str):
        return Invalid(problem)
    details: object = [problem]
    for key in reversed(path):
        details = {str(key): details}
    return Invalid(f"Some fields are not valid: {path[0]}. {problem}", details=details)


# Quick clearance of a UTF-8 body (a 10,000-event POST holds ~120,000 texts and numbers; walking
# them all cost more than storing the events): digits become "0" and signs go, so a number of 19
# or more digits (possibly beyond 64 bits) shows as "0" * 19 and a 3-digit exponent as "e000".
_DIGITS = bytes.maketrans(b"0123456789E", b"0000000000e")
_SUSPECT = (b"0" * 19, b"e000")


def _clear_of_texts_and_numbers(raw: bytes) -> bool:
    """True when the raw body cannot hold a text or number ``json_problem`` refuses: plain UTF-8
    (no BOM, no NUL bytes as UTF-16/32 would have) with no ``\\u`` escape of NUL or a surrogate,
    no encoded surrogate, no NaN/Infinity, no long number and no big exponent. False means look
    closer (the full walk), never that the body is refused."""
    if not raw or raw[:3] == b"\xef\xbb\xbf" or b"\x00" in raw or b"NaN" in raw or b"Infinity" in raw:
        return False
    if b"\\u" in raw and _ESCAPE.search(raw):
        return False
    if b"\xed" in raw and _ENCODED_SURROGATE.search(raw):
        return False
    digits = raw.translate(_DIGITS, b"+-")
    return not any(suspect in digits for suspect in _SUSPECT)


_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")


def depth_problem(value) -> str | None:
    """Whether parsed JSON ``value`` nests deeper than ``MAX_JSON_DEPTH`` (its containers, level
    by level); never recurses."""
    level = [value] if type(value) in _CONTAINERS else []
    depth = 1
    while level:
        if depth > MAX_JSON_DEPTH:
            return f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels."
        deeper: list = []
        for item in level:
            deeper += [v for v in (item.values() if type(item) is dict else item) if type(v) in _CONTAINERS]
        level = deeper
        depth += 1
    return None


_CONTAINERS = (dict, list)  # what JSON parsers build (exact types)


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def guard_request() -> None:
    """Refuse hostile input (see the module docstring); raises, or returns None."""
    if not request.path.startswith("/api"):
        return None
    for text in (request.path, *request.args.keys(), *request.args.values()):
        problem = text_problem(text)
        if problem:
            raise Invalid(problem)
    if b"%00" in request.query_string:
        raise Invalid(text_problem("\x00"))
    for name, text in request.args.items(multi=True):
        digits = text.strip()
        if _INTEGER.fullmatch(digits):
            # int() of a 5,000-digit text raises; anything past 20 digits is beyond 64 bits anyway
            problem = number_problem(int(digits) if len(digits) <= 21 else 2 ** 64)
            if problem:
                raise Invalid(f"Query parameter {name!r}: {problem}")
    if request.method not in _BODY_METHODS or not _has_body():
        return None
    if not request.is_json:
        raise UnsupportedMediaType("Send the request body as JSON (Content-Type: application/json).")
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        raise BadRequest(f"The JSON is nested too deeply (at most {MAX_JSON_DEPTH} levels).") from None
    if data is None and request.get_data(cache=True).strip() not in (b"", b"null"):
        raise BadRequest("The request body is not valid JSON.")
    raw = request.get_data(cache=True)
    if _clear_of_texts_and_numbers(raw):
        problem = depth_problem(data)
        if problem:
            raise Invalid(problem)
        return None
    found = json_problem_at(data)
    if found:
        raise field_error(*found)
    return None
