"""How many accounts a segment rule matches right now, and a few of them (the segment editor's
live preview). Reads only; nothing is written.

The rule goes through the same checks as saving a segment (``graph_engine.validate_rule``
against the workspace's catalog and, when the segment's ``key`` is given, no use of the
segment itself or a dependency cycle), so the editor shows the problems saving would
refuse, and then through ``backend.segments.compile`` — the very SQL membership uses.
"""
from __future__ import annotations

from sqlalchemy import func, select

import graph_engine as ge

from ..errors import Invalid
from ..extensions import db
from ..models.accounts import Account
from ..segments.compile import compile_rule_sql
from ..segments.membership import utc_today
from . import catalog_admin
from .catalog import build_catalog
from .rule_values import empty_value_problems

SAMPLE_SIZE = 10


def preview_rule(rule, key: str | None = None, sample_size: int = SAMPLE_SIZE) -> dict:
    """``{"count": n, "sample": [{"external_id", "name"}, ...]}`` for the accounts ``rule`` matches today.

    The sample is the first ``sample_size`` matches by name (then external id). Raises
    ``Invalid`` (422, the rule's problems in ``details``) for a rule saving would refuse.
    """
    if not isinstance(rule, dict):
        raise Invalid("The rule must be a JSON object.")
    if key:
        catalog_admin._check_rule(key, rule)  # the checks saving it would make
    else:
        problems = [p.to_dict() for p in ge.validate_rule(rule, build_catalog())]
        problems += empty_value_problems(rule)
        if problems:
            raise Invalid("The rule is not valid.", details=problems)
    matches = compile_rule_sql(rule, utc_today())
    count = db.session.scalar(select(func.count()).select_from(Account).where(matches))
    rows = db.session.execute(select(Account.external_id, Account.name).where(matches)
                              .order_by(Account.name_ci, Account.external_id).limit(sample_size)).all()
    return {"count": count, "sample": [{"external_id": e, "name": n} for e, n in rows]}
