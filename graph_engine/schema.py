"""Value checkers ("kinds") and field checking for node configs.

Each ``k_*`` checker takes a JSON value and returns None when it fits, or
``(code, message)``. ``check_fields`` checks an object against a
``{key: checker}`` spec; ``check_duration`` a ``{days, hours, minutes}``.
:mod:`graph_engine.configs` builds the per node type checks on these. They
report ``missing_key``, ``unknown_key`` (including keys
that do not apply, e.g. ``pool`` with ``strategy: named``), ``wrong_type``,
``bad_value`` (out of range or not one of the allowed words),
``unknown_action``, ``wait_kind`` (a wait needs exactly one of
``for``/``until_date``/``until_rule``) and ``email_content`` (``template``
or ``subject`` + ``body``). Rules are only checked to be objects here;
``validate_rule`` checks their inside. Names are not looked up here either.
"""

from __future__ import annotations

from .problems import Problem
from .rulespec import is_int, is_number

ACTIONS = ("send_email", "create_task", "assign_csm", "assign_playbook", "set_attribute",
           "copy_attribute", "clear_attribute", "increase_attribute", "webhook")


def _fail(code, message):
    return (code, message)


def k_text(v):
    """A non-empty text."""
    return None if isinstance(v, str) and v.strip() else _fail("wrong_type", "must be a non-empty text")


def k_opt_text(v):
    """Any text."""
    return None if isinstance(v, str) else _fail("wrong_type", "must be a text")


def k_bool(v):
    """true or false."""
    return None if isinstance(v, bool) else _fail("wrong_type", "must be true or false")


def k_email(v):
    """An email address (loosely: name@domain, no spaces)."""
    if not isinstance(v, str):
        return _fail("wrong_type", "must be an email address")
    name, at, domain = v.partition("@")
    ok = at and name and domain and " " not in v and "@" not in domain
    return None if ok else _fail("bad_value", f"{v!r} is not an email address")


def k_emails(v):
    """A non-empty list of email addresses."""
    if not isinstance(v, list) or not v:
        return _fail("wrong_type", "must be a non-empty list of emails")
    for item in v:
        bad = k_email(item)
        if bad:
            return bad
    return None


def k_keys(v):
    """A non-empty list of distinct non-empty keys."""
    if not isinstance(v, list) or not v or not all(isinstance(x, str) and x for x in v):
        return _fail("wrong_type", "must be a non-empty list of keys")
    return None if len(set(v)) == len(v) else _fail("bad_value", "lists a key twice")


def k_int(low):
    """A checker for whole numbers >= ``low`` (None: any)."""
    def check(v):
        if not is_int(v):
            return _fail("wrong_type", "must be a whole number")
        return None if low is None or v >= low else _fail("bad_value", f"must be >= {low}")
    return check


def k_number(v):
    """A JSON number (not a boolean)."""
    return None if is_number(v) else _fail("wrong_type", "must be a number")


def k_choice(*words):
    """A checker for one of ``words``."""
    def check(v):
        if not isinstance(v, str):
            return _fail("wrong_type", f"must be one of {', '.join(words)}")
        return None if v in words else _fail("bad_value", f"{v!r} is not one of {', '.join(words)}")
    return check


def k_rule(v):
    """A rule object (its inside is checked by validate_rule)."""
    return None if isinstance(v, dict) else _fail("wrong_type", "must be a rule object")


def k_rule_or_null(v):
    """A rule object or null."""
    return None if v is None else k_rule(v)


def k_value(v):
    """A set_attribute value: number, text, boolean or {"days_from_now": N}."""
    if isinstance(v, (str, bool)) or is_number(v):
        return None
    if isinstance(v, dict) and set(v) == {"days_from_now"} and is_int(v["days_from_now"]):
        return None
    return _fail("wrong_type", 'must be a number, text, boolean or {"days_from_now": N}')


def check_fields(node_id, path, obj, spec, out, *, optional=()) -> bool:
    """Check ``obj`` against ``spec`` {key: checker}; True if it is a dict."""
    if not isinstance(obj, dict):
        out.append(Problem("wrong_type", f"{path} must be an object", node_id))
        return False
    if not obj.keys() <= spec.keys():
        for key in obj:
            if key not in spec:
                out.append(Problem("unknown_key", f"{path}: unknown key {key!r}", node_id))
    for key, checker in spec.items():
        if key not in obj:
            if key not in optional:
                out.append(Problem("missing_key", f"{path}: {key!r} is required", node_id))
            continue
        bad = checker(obj[key])
        if bad:
            out.append(Problem(bad[0], f"{path}.{key} {bad[1]}", node_id))
    return True


def check_duration(node_id, path, obj, out) -> None:
    """``{"days", "hours", "minutes"}``: each an int >= 0, missing is 0, total > 0."""
    spec = {"days": k_int(0), "hours": k_int(0), "minutes": k_int(0)}
    before = len(out)
    if not check_fields(node_id, path, obj, spec, out, optional=tuple(spec)):
        return
    if len(out) == before and not any(obj.get(k, 0) for k in spec):
        out.append(Problem("bad_value", f"{path} must last longer than zero", node_id))
