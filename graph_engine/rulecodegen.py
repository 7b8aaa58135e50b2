"""Rule JSON → one generated Python function (used by :mod:`graph_engine.rules`).

``compile_tree(rule)`` and ``compile_leaf(condition)`` return
``pred(snapshot, today) -> bool``. They expect a rule that passed
``validate_rule(rule, None)``.

How: each condition becomes one Python expression from a fixed template
per (type, op); every key and value from the rule is bound as a constant in
the function's namespace (``_k3``, ``_v3``), never pasted into the source,
so rule text cannot inject code. Sections of the snapshot are read once at
the top of the function. ``subscription.*`` conditions call ``_sub_any``
with a one-condition lambda. The semantics are documented in ``rules``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from .event_rules import count_events, last_event_day, where_predicate
from .rulespec import MEMBERSHIP_PROPERTIES, NEGATED_OPS, date_value, infer_type, split_property

_NUM = frozenset({int, float, Decimal})
_EMPTY: dict = {}
_ACTIVE = frozenset({"active", "overdue"})
_SECTIONS = {"account": "_a", "custom": "_c", "user": "_u"}

_TEMPLATES = {
    ("number", "eq"): "{x0}.__class__ in _NUM and {x} == {v}",
    ("number", "gt"): "{x0}.__class__ in _NUM and {x} > {v}",
    ("number", "gte"): "{x0}.__class__ in _NUM and {x} >= {v}",
    ("number", "lt"): "{x0}.__class__ in _NUM and {x} < {v}",
    ("number", "lte"): "{x0}.__class__ in _NUM and {x} <= {v}",
    ("number", "between"): "{x0}.__class__ in _NUM and {lo} <= {x} <= {hi}",
    ("text", "eq"): "{x0}.__class__ is str and {x}.lower() == {v}",
    ("text", "contains"): "{x0}.__class__ is str and {v} in {x}.lower()",
    ("text", "in"): "{x0}.__class__ is str and {x}.lower() in {v}",
    ("date", "before"): "{x0}.__class__ is _date and {x} < {v}",
    ("date", "after"): "{x0}.__class__ is _date and {x} > {v}",
    ("date", "on"): "{x0}.__class__ is _date and {x} == {v}",
    ("date", "between"): "{x0}.__class__ is _date and {lo} <= {x} <= {hi}",
    ("date", "within_next"): "{x0}.__class__ is _date and t <= {x} <= t + {v}",
    ("date", "within_last"): "{x0}.__class__ is _date and t - {v} <= {x} <= t",
    ("boolean", "is_true"): "{x0} is True",
    ("boolean", "is_false"): "{x0} is False",
    ("any", "is_set"): "{x0} is not None",
}


class _Gen:
    """Accumulates bindings and used sections while generating one function."""

    def __init__(self):
        self.ns = {"_NUM": _NUM, "_date": date, "_E": _EMPTY, "_ACTIVE": _ACTIVE,
                   "_sub_any": _sub_any, "_ev_count": count_events, "_ev_last": last_event_day}
        self.sections: set[str] = set()
        self.n = 0

    def bind(self, value) -> str:
        self.n += 1
        name = f"_v{self.n}"
        self.ns[name] = value
        return name

    def expr(self, rule) -> str:
        for group, joiner, empty in (("all", " and ", "True"), ("any", " or ", "False")):
            if group in rule:
                parts = [f"({self.expr(child)})" for child in rule[group]]
                return joiner.join(parts) if parts else empty
        if "not" in rule:
            return f"not ({self.expr(rule['not'])})"
        return self.leaf(rule)

    def leaf(self, rule) -> str:
        source, name = split_property(rule["property"])
        op, value = rule["op"], rule.get("value")
        if source in MEMBERSHIP_PROPERTIES:
            neg = "not " if op == "has_not_met" else ""
            key = self.bind(value)
            return f"{key} {neg}in (s.get({self.bind(MEMBERSHIP_PROPERTIES[source])}) or _E)"
        if source == "playbook":
            return self.playbook(op, value)
        negate = op in NEGATED_OPS
        if source == "event":
            return self.event(name, rule, negate, self.test(NEGATED_OPS.get(op, op), value))
        test = self.test(NEGATED_OPS.get(op, op), value)
        if source == "subscription":  # negation applies per subscription
            body = test.format(x0="x", x="x")
            body = f"not ({body})" if negate else body
            fn = self.bind(eval(f"lambda x, t: {body}", self.ns))  # noqa: S307 - fixed template
            return f"_sub_any(s.get('subscriptions'), {self.bind(name)}, {fn}, t)"
        self.sections.add(source)
        self.n += 1
        var = f"x{self.n}"
        getter = f"{_SECTIONS[source]}.get({self.bind(name)})"
        expr = test.format(x0=f"({var} := {getter})", x=var)
        return f"not ({expr})" if negate else expr

    def test(self, op: str, value) -> str:
        vtype = infer_type(op, value)
        template = _TEMPLATES[(vtype, op)]
        if vtype == "number" and op == "between":
            return template.replace("{lo}", self.bind(value[0])).replace("{hi}", self.bind(value[1]))
        if vtype == "date" and op == "between":
            lo, hi = self.date_expr(value[0]), self.date_expr(value[1])
            return template.replace("{lo}", lo).replace("{hi}", hi)
        if vtype == "date" and op in ("within_next", "within_last"):
            return template.replace("{v}", self.bind(timedelta(days=value["days"])))
        if vtype == "date":
            return template.replace("{v}", self.date_expr(value))
        if vtype == "text":
            bound = frozenset(v.lower() for v in value) if op == "in" else value.lower()
            return template.replace("{v}", self.bind(bound))
        return template.replace("{v}", self.bind(value)) if "{v}" in template else template

    def date_expr(self, value) -> str:
        kind, amount = date_value(value)
        if kind == "abs":
            return self.bind(amount)
        return f"(t + {self.bind(timedelta(days=amount))})"

    def playbook(self, op: str, key) -> str:
        self.n += 1
        p = f"p{self.n}"
        got = f"({p} := (s.get('playbooks') or _E).get({self.bind(key)}))"
        if op == "never_enrolled":
            return f"{got} is None"
        if op == "active_in":
            return f"{got} is not None and {p}.get('status') in _ACTIVE"
        if op == "has_completed":
            return f"{got} is not None and {p}.get('status') == 'completed'"
        return (f"{got} is not None and ({p}.get('status') == 'overdue' or "
                f"({p}.get('status') == 'active' and {p}.get('due_on').__class__ is _date "
                f"and {p}['due_on'] < t))")

    def event(self, parts, rule, negate: bool, test: str) -> str:
        """``event.<name>.count|last_at``: the value from ``event_rules``, then the typed test."""
        name, field = parts
        where = self.bind(where_predicate(rule.get("where")))
        self.n += 1
        var = f"e{self.n}"
        if field == "count":
            within = rule.get("within")
            days = self.bind(within["days"] if within else None)
            getter = f"_ev_count(s, t, {self.bind(name)}, {days}, {where})"
        else:
            getter = f"_ev_last(s, {self.bind(name)}, {where})"
        expr = test.format(x0=f"({var} := {getter})", x=var)
        return f"not ({expr})" if negate else expr

    def function(self, expr: str):
        lines = ["def _pred(s, t):"]
        for source in sorted(self.sections):
            lines.append(f"    {_SECTIONS[source]} = s.get({source!r}) or _E")
        lines.append(f"    return bool({expr})" if expr in ("True", "False") else f"    return {expr}")
        exec("\n".join(lines), self.ns)  # noqa: S102 - source built from fixed templates only
        return self.ns["_pred"]


def _sub_any(subs, name, test, today) -> bool:
    """``subscription.*``: any subscription passes; none → judged as unset."""
    if not subs:
        return test(None, today)
    for sub in subs:
        if test(sub.get(name), today):
            return True
    return False


def compile_tree(rule):
    """Return the predicate for a whole (validated) rule."""
    gen = _Gen()
    return gen.function(gen.expr(rule))


def compile_leaf(rule):
    """Return the predicate for one (validated) condition."""
    gen = _Gen()
    return gen.function(gen.leaf(rule))
