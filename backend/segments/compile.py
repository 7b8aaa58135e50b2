"""Rule JSON (SPEC §3) → ONE SQLAlchemy boolean expression over ``accounts``.

``compile_rule_sql(rule, today)`` returns an expression usable in
``select(Account.id).where(expr)`` or as a selected column. It has exactly
the semantics of ``graph_engine.rules`` (the Python predicate), which the
hypothesis test in ``tests/backend/test_segments_compile.py`` checks on
random rules and accounts:

- every condition is two-valued (never SQL NULL), so ``not`` works: a
  positive test on an unset value is false, and ``neq``/``not_contains``/
  ``not_in``/``is_not_set`` are ``NOT <positive test>``;
- an operator's type comes from the op and value (``infer_type``), as in
  Python; a custom value stored under another type is "unset" for it;
- texts compare the ``*_ci`` shadow columns (``fold`` = ``str.lower``)
  against the folded rule value; ``contains`` is a plain substring test;
- relative dates are resolved against ``today`` when compiling;
- ``subscription.*``: any subscription passes (negations apply per
  subscription); no subscriptions → judged as unset;
- ``segment``/``milestone``/``outcome``/``playbook`` are EXISTS subqueries
  (a playbook's single enrollment row is its latest; see models.playbooks).

Raises ``graph_engine.errors.RuleError`` for a malformed rule.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, exists, false, not_, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Integer

from graph_engine.errors import RuleError
from graph_engine.rulecheck import validate_rule
from graph_engine.catalog import ACCOUNT_FIELDS, SUBSCRIPTION_FIELDS
from graph_engine.rulespec import NEGATED_OPS, date_value, infer_type, split_property

from ..models.accounts import Account, Subscription
from ..models.achievements import AccountMilestone, AccountOutcome, Milestone, Outcome
from ..models.attributes import AccountAttributeValue as AAV
from ..models.playbooks import Playbook, PlaybookEnrollment
from ..models.segments import Segment, SegmentMembership
from ..models.statuses import PlaybookStatus
from ..models.users import StaffUser
from .compile_events import event_condition

# Rule properties whose SQL depends on `today` (the daily rollover recomputes them).
_DATE_OPS = frozenset({"within_next", "within_last", "is_overdue"})


def fold(text: str) -> str:
    """The case-folded form texts are compared in (``graph_engine`` uses ``str.lower``)."""
    return text.lower()


class _position(FunctionElement):
    """1-based position of ``needle`` in ``hay`` (0 when absent): instr / strpos."""

    type = Integer()
    inherit_cache = True


@compiles(_position)
def _position_default(element, compiler, **kw):
    return "instr(%s)" % compiler.process(element.clauses, **kw)


@compiles(_position, "postgresql")
def _position_pg(element, compiler, **kw):
    return "strpos(%s)" % compiler.process(element.clauses, **kw)


def compile_rule_sql(rule, today: date, now: datetime | None = None, *,
                     whole: bool = False) -> ColumnElement[bool]:
    """Return the boolean SQL expression for ``rule`` on ``today`` (see module doc).

    ``now``: the moment event windows count back from (SPEC §7; default: the UTC
    midnight ending ``today``, as ``graph_engine.event_rules`` does without one).
    ``whole``: the expression will be evaluated over all accounts (a full recompute),
    which lets event counts use one grouped pass (``compile_events``).
    Raises RuleError (with ``.problems``) when the rule is not well-formed.
    """
    problems = validate_rule(rule, None)
    if problems:
        raise RuleError(f"bad rule: {problems[0].message}", problems)
    return _Compiler(today, now, whole).expr(rule)


def is_date_sensitive(rule) -> bool:
    """True if the rule's answer can change with the date alone (relative dates, overdue)."""
    if not isinstance(rule, dict):
        return False
    if "not" in rule:
        return is_date_sensitive(rule["not"])
    for group in ("all", "any"):
        if group in rule:
            return any(is_date_sensitive(child) for child in rule[group] or ())
    if rule.get("op") in _DATE_OPS:
        return True
    value = rule.get("value")
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, dict) and "days_from_now" in v for v in values)


def referenced_segments(rule) -> set[str]:
    """The segment keys a rule reads through ``segment has_met/has_not_met``."""
    out: set[str] = set()
    if isinstance(rule, dict):
        if rule.get("property") == "segment" and isinstance(rule.get("value"), str):
            out.add(rule["value"])
        if "not" in rule:
            out |= referenced_segments(rule["not"])
        for key in ("all", "any"):
            for child in rule.get(key) or ():
                out |= referenced_segments(child)
    return out


class _Compiler:
    def __init__(self, today: date, now: datetime | None = None, whole: bool = False):
        self.today, self.whole = today, whole
        self.now = now or datetime.combine(today + timedelta(days=1), time(0), tzinfo=timezone.utc)

    def expr(self, rule) -> ColumnElement[bool]:
        if "all" in rule:
            parts = [self.expr(child) for child in rule["all"]]
            return and_(*parts) if parts else true()
        if "any" in rule:
            parts = [self.expr(child) for child in rule["any"]]
            return or_(*parts) if parts else false()
        if "not" in rule:
            return not_(self.expr(rule["not"]))
        return self.leaf(rule)

    def leaf(self, rule) -> ColumnElement[bool]:
        source, name = split_property(rule["property"])
        op, value = rule["op"], rule.get("value")
        if source in ("segment", "milestone", "outcome"):
            found = self.membership(source, value)
            return not_(found) if op == "has_not_met" else found
        if source == "playbook":
            return self.playbook(op, value)
        negate = op in NEGATED_OPS
        op = NEGATED_OPS.get(op, op)
        if source == "event":  # SPEC §7, see compile_events
            test = event_condition(name[0], name[1], rule, op, value, self.now, self.today, _position,
                                   self.whole)
            return not_(test) if negate else test
        if source == "account":
            test = self.test(op, value, lambda vtype: _account_column(name, vtype))
        elif source == "custom":
            test = self.custom(name, op, value)
        elif source == "user":
            test = self.user(name, op, value)
        else:
            return self.subscription(name, op, value, negate)
        return not_(test) if negate else test

    # -- one typed value -------------------------------------------------
    def test(self, op, value, column_for) -> ColumnElement[bool]:
        """The positive test on the column ``column_for(vtype)``; false when NULL."""
        vtype = infer_type(op, value)
        col = column_for(vtype)
        if col is None:
            return false()
        present = col.is_not(None)
        if op == "is_set":
            return present
        if vtype == "number":
            if op == "between":
                return and_(present, col >= value[0], col <= value[1])
            return and_(present, _compare(col, op, value))
        if vtype == "text":
            if op == "in":
                return and_(present, col.in_(sorted({fold(v) for v in value})))
            if op == "contains":
                return and_(present, _position(col, fold(value)) > 0)
            return and_(present, col == fold(value))
        if vtype == "date":
            return and_(present, *self.date_tests(col, op, value))
        return and_(present, col == (true() if op == "is_true" else false()))

    def date_tests(self, col, op, value) -> list:
        if op == "within_next":
            return [col >= self.today, col <= self.today + timedelta(days=value["days"])]
        if op == "within_last":
            return [col >= self.today - timedelta(days=value["days"]), col <= self.today]
        if op == "between":
            return [col >= self.day(value[0]), col <= self.day(value[1])]
        day = self.day(value)
        return [{"before": col < day, "after": col > day, "on": col == day}[op]]

    def day(self, value) -> date:
        kind, amount = date_value(value)
        return amount if kind == "abs" else self.today + timedelta(days=amount)

    # -- sources ---------------------------------------------------------
    def custom(self, key, op, value) -> ColumnElement[bool]:
        if op == "is_set":
            cond = true()
        else:
            cond = self.test(op, value, lambda vtype: _custom_column(vtype))
        return exists(select(1).where(AAV.account_id == Account.id, AAV.key == key, cond)
                      .correlate(Account))

    def user(self, field, op, value) -> ColumnElement[bool]:
        column = Account.csm_id if field == "csm" else Account.sales_manager_id
        if op == "is_set":
            return column.is_not(None)
        return exists(select(1).where(StaffUser.id == column, StaffUser.email == fold(value))
                      .correlate(Account))

    def subscription(self, field, op, value, negate) -> ColumnElement[bool]:
        test = self.test(op, value, lambda vtype: _subscription_column(field, vtype))
        mine = Subscription.account_id == Account.id
        if not negate:
            return exists(select(1).where(mine, test).correlate(Account))
        return or_(not_(exists(select(1).where(mine).correlate(Account))),
                   exists(select(1).where(mine, not_(test)).correlate(Account)))

    def membership(self, source, key) -> ColumnElement[bool]:
        link, target, fk = {
            "segment": (SegmentMembership, Segment, SegmentMembership.segment_id),
            "milestone": (AccountMilestone, Milestone, AccountMilestone.milestone_id),
            "outcome": (AccountOutcome, Outcome, AccountOutcome.outcome_id),
        }[source]
        return exists(select(1).select_from(link).join(target, target.id == fk)
                      .where(link.account_id == Account.id, target.key == key)
                      .correlate(Account))

    def playbook(self, op, key) -> ColumnElement[bool]:
        pe = PlaybookEnrollment
        base = [pe.account_id == Account.id, Playbook.key == key]
        if op == "active_in":
            base.append(pe.status == PlaybookStatus.ACTIVE)
        elif op == "has_completed":
            base.append(pe.status == PlaybookStatus.COMPLETED)
        elif op == "is_overdue":
            base += [pe.status == PlaybookStatus.ACTIVE, pe.due_on.is_not(None), pe.due_on < self.today]
        found = exists(select(1).select_from(pe).join(Playbook, pe.playbook_id == Playbook.id)
                       .where(*base).correlate(Account))
        return not_(found) if op == "never_enrolled" else found


def _compare(col, op, value):
    return {"eq": col == value, "gt": col > value, "gte": col >= value,
            "lt": col < value, "lte": col <= value}[op]


def _account_column(field, vtype):
    """The account column holding ``field`` as ``vtype`` (None: never that type)."""
    ftype = ACCOUNT_FIELDS.get(field)
    if vtype == "any":
        return getattr(Account, field)
    if ftype != vtype:
        return None
    return getattr(Account, f"{field}_ci" if vtype == "text" else field)


def _subscription_column(field, vtype):
    if vtype == "any":
        return getattr(Subscription, field)
    if SUBSCRIPTION_FIELDS.get(field) != vtype:
        return None
    return getattr(Subscription, f"{field}_ci" if vtype == "text" else field)


def _custom_column(vtype):
    return {"number": AAV.num_value, "text": AAV.text_ci, "date": AAV.date_value,
            "boolean": AAV.bool_value}[vtype]
