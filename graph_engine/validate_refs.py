"""Reference, attribute-type and rule checks for ``validate``.

``check_references(read_result, catalog, self_key) -> list[Problem]``
looks every named segment, template, playbook, user, attribute and journey
up in ``catalog`` (None: no lookups) and checks the rules inside condition,
goal, until_rule and blacklist configs (a rule without conditions is
``empty_rule``: SPEC §12), and that a task's assignee or a CSM to assign is not
read-only support staff (``support_user``). Nodes whose config already failed
the schema are skipped so one mistake is reported once.
"""

from __future__ import annotations

from .catalog import UNKNOWN, WRITABLE_ACCOUNT_FIELDS, Catalog, attribute_type
from .frozen import thaw
from .model import Node, NodeType
from .problems import Problem
from .rulecheck import validate_rule
from .rulespec import date_value, is_number
from .webhook_config import secret_names


def check_references(result, catalog: Catalog | None, self_key: str | None) -> list[Problem]:
    """Return reference/type/rule problems of every well-formed node config."""
    out: list[Problem] = []
    cat = catalog if catalog is not None else Catalog.permissive()
    for node in result.graph.nodes:
        if node.id in result.bad_config_ids:
            continue
        check = _CHECKS.get(node.type)
        if check is not None:
            check(node, cat, out, self_key)
    return out


def _ref(cat: Catalog, kind: str, key, node_id, out, what: str) -> None:
    if not cat.has(kind, key):
        code = "unknown_contact_role" if kind == "contact_roles" else f"unknown_{kind[:-1]}"
        out.append(Problem(code, f"no {what} {key!r}", node_id))


def _not_support(cat: Catalog, email, node_id, out, why: str) -> None:
    """``support_user``: a read-only support user named where someone must act (own a task, an
    account); the engine would leave the task unassigned, or fail the step."""
    if cat.is_support(email):
        out.append(Problem("support_user", f"{email} is support staff (read-only): {why}", node_id))


def _rule(node: Node, rule, cat, out, where) -> None:
    out.extend(validate_rule(thaw(rule), cat, node_id=node.id, where=where, require_conditions=True))


def _entry(node, cat, out, self_key) -> None:
    for key in node.cfg.get("segments", ()):
        _ref(cat, "segments", key, node.id, out, "segment")


def _condition(node, cat, out, self_key) -> None:
    _rule(node, node.cfg["rule"], cat, out, "config.rule")


def _wait(node, cat, out, self_key) -> None:
    cfg = node.cfg
    if "until_rule" in cfg:
        _rule(node, cfg["until_rule"]["rule"], cat, out, "config.until_rule.rule")
    if "until_date" in cfg:
        prop = cfg["until_date"]["property"]
        vtype = attribute_type(prop, cat)
        if vtype is None:
            out.append(Problem("unknown_attribute", f"until_date: no attribute {prop!r}", node.id))
        elif vtype not in ("date", UNKNOWN):
            out.append(Problem("attribute_type_mismatch", f"until_date: {prop} is a {vtype}, not a date",
                               node.id))


def _exit(node, cat, out, self_key) -> None:
    cfg = node.cfg
    if cfg["blacklist"] is not None:
        _rule(node, cfg["blacklist"], cat, out, "config.blacklist")
    for key in cfg["on_enroll_unenroll_from"].get("journeys", ()):
        if self_key is not None and key == self_key:
            out.append(Problem("self_reference", "a journey cannot unenroll from itself", node.id))
        else:
            _ref(cat, "journeys", key, node.id, out, "journey")


def _attribute(node, cat, path, out, *, writable: bool) -> str | None:
    vtype = attribute_type(path, cat)
    if vtype is None:
        out.append(Problem("unknown_attribute", f"no attribute {path!r} (use account.<field> or "
                           "custom.<key>)", node.id))
    elif writable and path.startswith("account.") and path[8:] not in WRITABLE_ACCOUNT_FIELDS:
        out.append(Problem("attribute_not_writable", f"{path} cannot be changed by a journey", node.id))
    return vtype


def _fits(vtype: str, value) -> bool:
    if vtype == "number":
        return is_number(value)
    if vtype == "text":
        return isinstance(value, str)
    if vtype == "boolean":
        return isinstance(value, bool)
    if vtype == "date":
        return date_value(thaw(value)) is not None
    return True


def _action(node, cat, out, self_key) -> None:
    cfg, nid = node.cfg, node.id
    kind = cfg["action"]
    if kind == "send_email":
        if "template" in cfg:
            _ref(cat, "templates", cfg["template"], nid, out, "template")
        contacts = cfg["to"].get("contacts")
        if hasattr(contacts, "get"):
            _ref(cat, "contact_roles", contacts["role"], nid, out, "contact role")
        if "user" in cfg["to"]:
            _ref(cat, "users", cfg["to"]["user"], nid, out, "staff user")
        if cfg.get("from", "csm") != "csm":
            _ref(cat, "users", cfg["from"], nid, out, "staff user")
    elif kind == "create_task":
        if cfg["assignee"] not in ("csm", "sales_manager"):
            _ref(cat, "users", cfg["assignee"], nid, out, "staff user")
            _not_support(cat, cfg["assignee"], nid, out, "they cannot complete tasks: assign the task "
                                                         "to someone else")
    elif kind == "assign_csm":
        for email in (cfg["user"],) if cfg["strategy"] == "named" else cfg["pool"]:
            _ref(cat, "users", email, nid, out, "staff user")
            _not_support(cat, email, nid, out, "they cannot own accounts: choose a CSM")
    elif kind == "assign_playbook":
        _ref(cat, "playbooks", cfg["playbook"], nid, out, "playbook")
    elif kind == "webhook":  # save_response writes attributes; header secrets exist (SPEC §9)
        for name in secret_names(cfg):
            _ref(cat, "secrets", name, nid, out, "secret")
        for item in cfg.get("save_response", ()):
            _attribute(node, cat, item["attribute"], out, writable=True)
    else:
        _attribute_action(node, kind, cat, out)


def _attribute_action(node, kind, cat, out) -> None:
    cfg, nid = node.cfg, node.id
    if kind == "copy_attribute":
        source = _attribute(node, cat, cfg["from"], out, writable=False)
        target = _attribute(node, cat, cfg["to"], out, writable=True)
        if source and target and UNKNOWN not in (source, target) and source != target:
            out.append(Problem("attribute_type_mismatch", f"cannot copy a {source} into a {target}", nid))
        return
    vtype = _attribute(node, cat, cfg["attribute"], out, writable=True)
    if vtype is None or vtype == UNKNOWN:
        return
    if kind == "set_attribute" and not _fits(vtype, cfg["value"]):
        out.append(Problem("value_type_mismatch", f"{cfg['attribute']} is a {vtype}; the value does not fit",
                           nid))
    if kind == "increase_attribute" and vtype != "number":
        out.append(Problem("attribute_type_mismatch", f"{cfg['attribute']} is a {vtype}, not a number", nid))


_CHECKS = {NodeType.ENTRY: _entry, NodeType.CONDITION: _condition, NodeType.GOAL: _condition,
           NodeType.WAIT: _wait, NodeType.EXIT: _exit, NodeType.ACTION: _action}
