"""Node configs: is each one complete and well typed (SPEC §2)?

``check_config(node_id, node_type, config) -> list[Problem]`` (never raises)
checks one node's ``config`` (None when the key is absent) against its
type's schema; the codes are listed in :mod:`graph_engine.schema`.
Rules inside are only checked to be objects; names are not looked up.
"""

from __future__ import annotations

from .event_rules import EVENT_NAME, where_problems
from .problems import Problem
from .webhook_config import check_webhook
from .schema import (
    ACTIONS, check_duration, check_fields, k_bool, k_choice, k_email, k_emails, k_int, k_keys,
    k_number, k_opt_text, k_rule, k_rule_or_null, k_text, k_value,
)


def _need_config(node_id, config, out) -> bool:
    if config is None:
        out.append(Problem("missing_key", "config is required", node_id))
        return False
    if not isinstance(config, dict):
        out.append(Problem("wrong_type", "config must be an object", node_id))
        return False
    return True


def _entry(node_id, config, out) -> None:
    spec = {"segments": _segments, "events": lambda v: None, "reenroll": lambda v: None,
            "enroll_existing": k_bool}
    if not _need_config(node_id, config, out):
        return
    check_fields(node_id, "config", config, spec, out, optional=("segments", "events"))
    _entry_events(node_id, config, out)
    if "reenroll" in config:
        re = config["reenroll"]
        mode = re.get("mode") if isinstance(re, dict) else None
        re_spec = {"mode": k_choice("never", "every_time", "after_days")}
        if mode == "after_days":
            re_spec["days"] = k_int(1)
        check_fields(node_id, "config.reenroll", re, re_spec, out)


def _segments(v):
    """Entry segments: a list of distinct keys (may be empty when the entry has events)."""
    return None if v == [] else k_keys(v)


def _entry_events(node_id, config, out) -> None:
    """``events``: ``[{"name", "where"}]`` (SPEC §7); segments or events must be non-empty."""
    events = config.get("events", [])
    if not isinstance(events, list):
        out.append(Problem("wrong_type", "config.events must be a list", node_id))
        events = []
    for index, item in enumerate(events):
        path = f"config.events[{index}]"
        if check_fields(node_id, path, item, {"name": k_text, "where": lambda v: None}, out,
                        optional=("where",)):
            _event_ref(node_id, path, item, out)
    if not config.get("segments") and not events:
        out.append(Problem("wrong_type", "config.segments must be a non-empty list of keys, or "
                           "config.events must name at least one event", node_id))


def _event_ref(node_id, path, item, out) -> None:
    """An event name and its optional ``where`` (checked by ``event_rules``)."""
    name = item.get("name")
    if isinstance(name, str) and not EVENT_NAME.match(name):
        out.append(Problem("bad_value", f"{path}.name must match [a-z0-9_.-]{{1,64}}", node_id))
    if item.get("where") is not None:
        for message in where_problems(item["where"], f"{path}.where"):
            out.append(Problem("bad_value", message, node_id))


STAFF_RECIPIENTS = ("csm", "sales_manager")
_TO_FORMS = ('{"contacts": "all"}, {"contacts": {"role": R}}, {"csm": true}, '
             '{"staff": "csm" | "sales_manager"} or {"user": <staff email>}')


def _email_to(v):
    """Recipients (SPEC §2 and §12): contacts, the CSM, an account's staff user, or a named one."""
    if isinstance(v, dict) and len(v) == 1:
        if v.get("csm") is True:
            return None
        if v.get("staff") in STAFF_RECIPIENTS:
            return None
        if "user" in v:
            return k_email(v["user"])
        contacts = v.get("contacts")
        if contacts == "all":
            return None
        if isinstance(contacts, dict) and set(contacts) == {"role"} and isinstance(contacts["role"], str) \
                and contacts["role"]:
            return None
    return ("bad_value", f"must be {_TO_FORMS}")


def _email_from(v):
    return None if v == "csm" else k_email(v)


def _send_email(node_id, config, out) -> None:
    spec = {"action": k_text, "template": k_text, "subject": k_text, "body": k_text,
            "to": _email_to, "from": _email_from, **DELIVERY_FLAGS["send_email"]}
    check_fields(node_id, "config", config, spec, out,
                 optional=("template", "subject", "body", "from", *DELIVERY_FLAGS["send_email"]))
    has_template = "template" in config
    has_text = "subject" in config or "body" in config
    if has_template == has_text or (has_text and not ("subject" in config and "body" in config)):
        out.append(Problem("email_content", "send_email needs template, or subject and body", node_id))


def _assignee(v):
    return None if v in ("csm", "sales_manager") else k_email(v)


# Delivery flags (SPEC §8), all optional: ``ignore_send_window`` (go at once, outside the
# journey's send window too); on emails ``on_cap`` (``hold`` — the default — or ``skip`` when
# the frequency cap is reached) and ``transactional`` (neither counted nor capped).
DELIVERY_FLAGS = {
    "send_email": {"ignore_send_window": k_bool, "on_cap": k_choice("hold", "skip"),
                   "transactional": k_bool},
    "create_task": {"ignore_send_window": k_bool},
}

ACTION_SPECS = {
    "create_task": ({"title": k_text, "description": k_opt_text, "assignee": _assignee,
                     "due_in_days": k_int(0), "priority": k_choice("low", "medium", "high"),
                     **DELIVERY_FLAGS["create_task"]},
                    ("description", *DELIVERY_FLAGS["create_task"])),
    "assign_playbook": ({"playbook": k_text}, ()),
    "set_attribute": ({"attribute": k_text, "value": k_value}, ()),
    "copy_attribute": ({"from": k_text, "to": k_text}, ()),
    "clear_attribute": ({"attribute": k_text}, ()),
    "increase_attribute": ({"attribute": k_text, "by": k_number}, ()),
}


def _action(node_id, config, out) -> None:
    if not _need_config(node_id, config, out):
        return
    kind = config.get("action")
    if kind is None:
        out.append(Problem("missing_key", "config: 'action' is required", node_id))
    elif kind not in ACTIONS:
        out.append(Problem("unknown_action", f"config.action {kind!r} is not one of {', '.join(ACTIONS)}",
                           node_id))
    elif kind == "send_email":
        _send_email(node_id, config, out)
    elif kind == "webhook":  # SPEC §9
        check_webhook(node_id, config, out)
    elif kind == "assign_csm":
        strategy = config.get("strategy")
        spec = {"action": k_text, "strategy": k_choice("named", "round_robin", "least_accounts")}
        if strategy == "named":
            spec["user"] = k_email
        elif strategy in ("round_robin", "least_accounts"):
            spec["pool"] = k_emails
        check_fields(node_id, "config", config, spec, out)
    else:
        spec, optional = ACTION_SPECS[kind]
        check_fields(node_id, "config", config, {"action": k_text, **spec}, out, optional=optional)


def _condition(node_id, config, out) -> None:
    if _need_config(node_id, config, out):
        check_fields(node_id, "config", config, {"rule": k_rule}, out)


_goal = _condition


def _wait(node_id, config, out) -> None:
    if not _need_config(node_id, config, out):
        return
    kinds = [k for k in WAIT_KINDS if k in config]
    for key in config:
        if key not in WAIT_KINDS:
            out.append(Problem("unknown_key", f"config: unknown key {key!r}", node_id))
    if len(kinds) != 1:
        out.append(Problem("wait_kind", "a wait needs exactly one of for, until_date, until_rule, "
                           "until_event", node_id))
    if "until_event" in config:
        until = config["until_event"]
        if check_fields(node_id, "config.until_event", until, {
                "name": k_text, "where": lambda v: None, "timeout": lambda v: None}, out,
                optional=("where",)):
            _event_ref(node_id, "config.until_event", until, out)
            if "timeout" in until:
                check_duration(node_id, "config.until_event.timeout", until["timeout"], out)
    if "for" in config:
        check_duration(node_id, "config.for", config["for"], out)
    if "until_date" in config:
        until = config["until_date"]
        if check_fields(node_id, "config.until_date", until, {"property": k_text, "offset": lambda v: None},
                        out, optional=("offset",)) and "offset" in until:
            check_fields(node_id, "config.until_date.offset", until["offset"], {"days": k_int(None)}, out)
    if "until_rule" in config:
        until = config["until_rule"]
        if check_fields(node_id, "config.until_rule", until, {"rule": k_rule, "timeout": lambda v: None},
                        out) and "timeout" in until:
            check_duration(node_id, "config.until_rule.timeout", until["timeout"], out)


WAIT_KINDS = ("for", "until_date", "until_rule", "until_event")


def _split(node_id, config, out) -> None:
    if not _need_config(node_id, config, out):
        return
    if not check_fields(node_id, "config", config, {"weights": lambda v: None}, out) or "weights" not in config:
        return
    weights = config["weights"]
    if not isinstance(weights, dict) or not weights:
        out.append(Problem("wrong_type", "config.weights must be a non-empty object", node_id))
        return
    for key, weight in weights.items():
        if not key:
            out.append(Problem("bad_value", "config.weights: a branch key must not be empty", node_id))
        if k_number(weight):
            out.append(Problem("wrong_type", f"config.weights.{key} must be a number", node_id))
        elif weight < 0:
            out.append(Problem("bad_value", f"config.weights.{key} must be >= 0", node_id))
    if all(not k_number(w) for w in weights.values()) and sum(weights.values()) <= 0:
        out.append(Problem("bad_value", "config.weights must add up to more than zero", node_id))


def _end(node_id, config, out) -> None:
    if config is None:
        return
    check_fields(node_id, "config", config, {}, out)


def _exit(node_id, config, out) -> None:
    spec = {"on_goal": k_choice("complete", "continue"), "on_enroll_unenroll_from": lambda v: None,
            "on_segment_exit": k_choice("unenroll", "nothing"), "blacklist": k_rule_or_null}
    if not _need_config(node_id, config, out):
        return
    check_fields(node_id, "config", config, spec, out)
    unenroll = config.get("on_enroll_unenroll_from")
    if "on_enroll_unenroll_from" in config:
        mode = unenroll.get("mode") if isinstance(unenroll, dict) else None
        sub = {"mode": k_choice("none", "all", "specific")}
        if mode == "specific":
            sub["journeys"] = k_keys
        check_fields(node_id, "config.on_enroll_unenroll_from", unenroll, sub, out)


NODE_CHECKS = {"entry": _entry, "action": _action, "condition": _condition, "wait": _wait,
               "split": _split, "end": _end, "goal": _goal, "exit": _exit}


def check_config(node_id, node_type: str, config) -> list[Problem]:
    """Return the schema problems of one node's config."""
    out: list[Problem] = []
    NODE_CHECKS[node_type](node_id, config, out)
    return out
