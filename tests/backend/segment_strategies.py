"""Hypothesis strategies for rules and accounts over a fixed little catalog.

Values come from small pools (with case variants, non-ASCII letters whose
lower-casing is tricky, boundaries around ``TODAY``) so random rules and
random accounts actually meet.
"""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from graph_engine.catalog import SUBSCRIPTION_FIELDS

TODAY = date(2026, 3, 15)
ATTRIBUTES = {"score": "number", "plan": "text", "renews_on": "date", "vip": "boolean"}
MILESTONES = ["first-report", "onboarded"]
OUTCOMES = ["renewed"]
PLAYBOOKS = ["rescue", "upsell"]
STAFF = ["ann@example.com", "bob@example.com"]
# Fixed segments the rules may name: one plain, one reading the other.
SEGMENTS = {
    "rich": {"all": [{"property": "account.mrr", "op": "gte", "value": 1}]},
    "rich-vip": {"all": [{"property": "segment", "op": "has_met", "value": "rich"},
                         {"property": "custom.vip", "op": "is_true"}]},
}

TEXTS = ["", "a", "A", "aB", "Ab", "b", "İ", "i̇", "ß", "SS", "É", "é", "a%", "a_b"]
NUMBERS = [-1, 0, 0.5, 1, 2, 2.5, 10, 1000000]

texts = st.sampled_from(TEXTS)
names = st.sampled_from([t for t in TEXTS if t.strip()])  # an account's name is never blank
numbers = st.sampled_from(NUMBERS) | st.integers(-3, 3)
days = st.integers(-8, 8)
dates = days.map(lambda n: TODAY + timedelta(days=n))
emails = st.sampled_from(STAFF + ["ANN@example.com", "nobody@example.com"])
TYPE_VALUES = {"number": numbers, "text": texts, "date": dates, "boolean": st.booleans()}


def _opt(strategy):
    """Mostly a value, sometimes unset."""
    return st.one_of(strategy, strategy, strategy, st.none())


def _iso(d: date) -> str:
    return d.isoformat()


@st.composite
def accounts(draw):
    """A raw account JSON row plus its marks: (row, milestones, outcomes, playbooks)."""
    row = {"name": draw(names), "stage": draw(_opt(texts)), "status": draw(_opt(texts)),
           "mrr": draw(_opt(numbers)), "amount": draw(_opt(numbers)),
           "licenses": draw(_opt(numbers)), "created_on": draw(_opt(dates.map(_iso))),
           "next_billing_on": draw(_opt(dates.map(_iso))),
           "csm": draw(_opt(st.sampled_from(STAFF))),
           "sales_manager": draw(_opt(st.sampled_from(STAFF)))}
    custom = {}
    for key, vtype in ATTRIBUTES.items():
        value = draw(_opt(TYPE_VALUES[vtype]))
        custom[key] = _iso(value) if isinstance(value, date) else value
    row["custom"] = custom
    subs = []
    for _ in range(draw(st.sampled_from([1, 2, 0]))):
        sub = {}
        for field, vtype in SUBSCRIPTION_FIELDS.items():
            if draw(st.sampled_from([True, True, False])):
                value = draw(_opt(TYPE_VALUES[vtype]))
                sub[field] = _iso(value) if isinstance(value, date) else value
        subs.append(sub)
    row["subscriptions"] = subs
    marks = {
        "milestones": draw(st.sets(st.sampled_from(MILESTONES))),
        "outcomes": draw(st.sets(st.sampled_from(OUTCOMES))),
        "playbooks": {key: draw(st.sampled_from(["active", "completed"])) for key in
                      draw(st.sets(st.sampled_from(PLAYBOOKS)))},
        "due": {key: draw(_opt(dates)) for key in PLAYBOOKS},
    }
    return row, marks


def _date_value():
    return dates.map(_iso) | days.map(lambda n: {"days_from_now": n})


def _typed_condition(prop: str, vtype: str):
    ops = {
        "number": st.sampled_from(["eq", "neq", "gt", "gte", "lt", "lte"]).flatmap(
            lambda op: numbers.map(lambda v: {"op": op, "value": v}))
        | st.tuples(numbers, numbers).map(lambda p: {"op": "between", "value": list(p)}),
        "text": st.sampled_from(["eq", "neq", "contains", "not_contains"]).flatmap(
            lambda op: texts.map(lambda v: {"op": op, "value": v}))
        | st.sampled_from(["in", "not_in"]).flatmap(
            lambda op: st.lists(texts, min_size=1, max_size=3).map(
                lambda v: {"op": op, "value": v})),
        "date": st.sampled_from(["before", "after", "on"]).flatmap(
            lambda op: _date_value().map(lambda v: {"op": op, "value": v}))
        | st.tuples(_date_value(), _date_value()).map(
            lambda p: {"op": "between", "value": list(p)})
        | st.sampled_from(["within_next", "within_last"]).flatmap(
            lambda op: st.integers(0, 6).map(lambda n: {"op": op, "value": {"days": n}})),
        "boolean": st.sampled_from([{"op": "is_true"}, {"op": "is_false"}]),
    }[vtype]
    either = ops | st.sampled_from([{"op": "is_set"}, {"op": "is_not_set"}])
    return either.map(lambda c: {"property": prop, **c})


def _field_conditions():
    from graph_engine.catalog import ACCOUNT_FIELDS

    parts = [_typed_condition(f"account.{f}", t) for f, t in ACCOUNT_FIELDS.items()]
    parts += [_typed_condition(f"subscription.{f}", t) for f, t in SUBSCRIPTION_FIELDS.items()]
    # Custom attributes: mostly their own type, sometimes another (judged unset).
    parts += [_typed_condition(f"custom.{k}", t) for k, t in ATTRIBUTES.items()]
    parts += [_typed_condition("custom.score", "text"), _typed_condition("custom.plan", "number"),
              _typed_condition("custom.vip", "date"), _typed_condition("custom.missing", "number")]
    return st.one_of(parts)


def _keyed(prop, keys, ops):
    return st.builds(lambda k, op: {"property": prop, "op": op, "value": k},
                     st.sampled_from(keys), st.sampled_from(ops))


_fields = _field_conditions()
conditions = st.one_of(
    _fields, _fields, _fields, _fields, _fields,
    _keyed("segment", list(SEGMENTS) + ["missing"], ["has_met", "has_not_met"]),
    _keyed("milestone", MILESTONES + ["missing"], ["has_met", "has_not_met"]),
    _keyed("outcome", OUTCOMES, ["has_met", "has_not_met"]),
    _keyed("playbook", PLAYBOOKS + ["missing"],
           ["active_in", "never_enrolled", "has_completed", "is_overdue"]),
    st.builds(lambda f, op, v: {"property": f"user.{f}", "op": op, "value": v},
              st.sampled_from(["csm", "sales_manager"]), st.sampled_from(["eq", "neq"]), emails),
    st.builds(lambda f, op: {"property": f"user.{f}", "op": op},
              st.sampled_from(["csm", "sales_manager"]), st.sampled_from(["is_set", "is_not_set"])),
)

rules = st.recursive(
    conditions,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"all": c}),
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"any": c}),
        st.just({"all": []}), st.just({"any": []}),
        children.map(lambda c: {"not": c}),
    ),
    max_leaves=6,
)


# -- product events (SPEC §7) -------------------------------------------------------
from datetime import datetime, time, timezone  # noqa: E402

NOW = datetime.combine(TODAY, time(12, 0), tzinfo=timezone.utc)
EVENT_NAMES = ["login", "report.exported"]
PROPERTY_TEXTS = ["pro", "PRO", "Pro plan", "free", "É", "é", ""]
property_values = st.one_of(st.sampled_from(PROPERTY_TEXTS), st.sampled_from([-1, 0, 1, 2.5, 10]),
                            st.booleans(), st.none())
# Hours before NOW: around the window edges (1, 2, 3 days), a little in the future, far back.
event_hours = st.sampled_from([-1, 0, 1, 23, 24, 25, 47, 48, 49, 71, 72, 73, 200, 2000]) \
    | st.integers(-2, 100)


@st.composite
def account_events(draw):
    """An account's events: ``[(name, hours before NOW, properties)]``."""
    out = []
    for _ in range(draw(st.integers(0, 5))):
        props = {}
        for key in ("plan", "rows"):
            if draw(st.booleans()):
                props[key] = draw(property_values)
        out.append((draw(st.sampled_from(EVENT_NAMES)), draw(event_hours), props))
    return out


_where_leaf = st.one_of(
    st.builds(lambda k, op, v: {"property": f"properties.{k}", "op": op, "value": v},
              st.sampled_from(["plan", "rows"]), st.sampled_from(["eq", "neq", "contains"]),
              st.sampled_from(PROPERTY_TEXTS)),
    st.builds(lambda k, op, v: {"property": f"properties.{k}", "op": op, "value": v},
              st.sampled_from(["plan", "rows"]), st.sampled_from(["eq", "neq", "gt", "gte", "lt", "lte"]),
              st.sampled_from([-1, 0, 1, 2.5, 10])),
    st.builds(lambda k, op, v: {"property": f"properties.{k}", "op": op, "value": v},
              st.sampled_from(["plan", "rows"]), st.sampled_from(["eq", "neq"]), st.booleans()),
    st.builds(lambda k, op, v: {"property": f"properties.{k}", "op": op, "value": v},
              st.sampled_from(["plan", "rows"]), st.sampled_from(["in", "not_in"]),
              st.lists(st.sampled_from(PROPERTY_TEXTS), min_size=1, max_size=3)),
    st.builds(lambda k: {"property": f"properties.{k}", "op": "is_set"}, st.sampled_from(["plan", "rows"])),
)
wheres = st.none() | st.lists(_where_leaf, min_size=1, max_size=2).map(lambda c: {"all": c}) \
    | st.lists(_where_leaf, min_size=1, max_size=2).map(lambda c: {"any": c}) \
    | _where_leaf.map(lambda c: {"not": c})


def _with_where(condition, where):
    return condition if where is None else {**condition, "where": where}


_count_ops = st.sampled_from(["eq", "neq", "gt", "gte", "lt", "lte"]).flatmap(
    lambda op: st.integers(0, 4).map(lambda v: {"op": op, "value": v})) \
    | st.tuples(st.integers(0, 3), st.integers(0, 4)).map(lambda p: {"op": "between", "value": list(p)}) \
    | st.sampled_from([{"op": "is_set"}, {"op": "is_not_set"}])
event_conditions = st.one_of(
    st.builds(lambda name, within, ops, where: _with_where(
        {"property": f"event.{name}.count", **({"within": {"days": within}} if within else {}), **ops}, where),
        st.sampled_from(EVENT_NAMES), st.sampled_from([None, 1, 2, 3]), _count_ops, wheres),
    st.builds(lambda name, cond, where: _with_where(
        {**cond, "property": f"event.{name}.last_at"}, where),
        st.sampled_from(EVENT_NAMES), _typed_condition("x", "date"), wheres),
)
event_rules = st.recursive(
    st.one_of(event_conditions, event_conditions, conditions),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"all": c}),
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"any": c}),
        children.map(lambda c: {"not": c}),
    ),
    max_leaves=4,
)
