"""How a journey is doing: counts per status and per node, and who is where.

Step-log convention (the engine writes them): one ``StepLog`` per node an
enrollment has *processed*; ``outcome`` is the branch taken for branching
nodes (``yes``/``no``, ``met``/``timeout``, the split key), ``failed`` for an
action that failed; a wait logs ``waiting`` on arrival and ``done``/``met``/
``timeout`` when it fires (graph_engine.interpreter's vocabulary). A node's
``passed`` counts its logs except ``waiting``, ``held`` and ``failed`` ones (and NULL);
``now`` counts active enrollments whose ``current_node`` it is; ``failed`` (only when
there are any) the enrollments its action stopped, which ``failed_enrollments`` lists. A
node that sent emails also has ``emails``: ``{"sent", "opened", "clicked", "unsubscribed"}``,
each email counted once (its first open, click, unsubscribe; ``sent`` includes ``kept``
emails: with no mail server the outbox is where they go).
"""
from __future__ import annotations

from sqlalchemy import case, func, select

from ..extensions import db
from ..models.accounts import Account
from ..models.enrollments import ENROLLMENT_STATUSES, Enrollment, StepLog
from ..models.journeys import JourneyVersion
from ..models.outbox import OutboxEmail
from ..models.statuses import EnrollmentStatus, OutboxStatus
from .journeys import get_journey

# moved: a migration step, not a visit; held: an email/task waiting for its send window or
# the frequency cap (SPEC §8), which logs done (or skipped) when it goes on
NOT_PASSED = (None, "waiting", "failed", "moved", "held")


def _branch_labels(graphs) -> dict[str, set]:
    """Node id -> the branches it can take: its out-edges' labels, and for branching nodes
    every branch of their type even without an edge (a "no" with no edge ends the walk,
    and admins still want to see how many went that way)."""
    labels: dict[str, set] = {}
    for graph in graphs:
        for node in graph.get("nodes") or ():
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                own = _own_branches(node)
                if own:
                    labels.setdefault(node["id"], set()).update(own)
        for edge in graph.get("edges") or ():
            if isinstance(edge, dict) and isinstance(edge.get("source"), str) \
                    and isinstance(edge.get("branch"), str):
                labels.setdefault(edge["source"], set()).add(edge["branch"])
    return labels


def _own_branches(node: dict) -> set[str]:
    config = node.get("config") if isinstance(node.get("config"), dict) else {}
    if node.get("type") == "condition":
        return {"yes", "no"}
    if node.get("type") == "wait" and "until_rule" in config:
        return {"met", "timeout"}
    if node.get("type") == "split" and isinstance(config.get("weights"), dict):
        return {key for key in config["weights"] if isinstance(key, str)}
    return set()


def _node_ids(graphs) -> list[str]:
    seen: dict[str, None] = {}
    for graph in graphs:
        for node in graph.get("nodes") or ():
            if isinstance(node, dict) and isinstance(node.get("id"), str) \
                    and node.get("type") not in ("goal", "exit"):
                seen.setdefault(node["id"])
    return list(seen)


def journey_stats(journey_id: int) -> dict:
    """``{"enrolled", "goal_achieved", "by_status": {...}, "nodes": {id: {"now", "passed",
    "branches"[, "failed"][, "emails"]}}}`` from four GROUP BY queries. Raises NotFound."""
    journey = get_journey(journey_id)
    by_status = dict.fromkeys(ENROLLMENT_STATUSES, 0)
    enrolled = goal_achieved = 0
    for status, count, goals in db.session.execute(
            select(Enrollment.status, func.count(), func.count(Enrollment.goal_achieved_at))
            .where(Enrollment.journey_id == journey.id).group_by(Enrollment.status)):
        by_status[status] = count
        enrolled += count
        goal_achieved += goals

    graphs = [journey.draft_graph] + list(db.session.scalars(
        select(JourneyVersion.graph).where(JourneyVersion.journey_id == journey.id)))
    labels = _branch_labels(graphs)
    nodes = {node_id: {"now": 0, "passed": 0, "branches": {b: 0 for b in sorted(labels.get(node_id, ()))}}
             for node_id in _node_ids(graphs)}

    def node(node_id):
        return nodes.setdefault(node_id, {"now": 0, "passed": 0, "branches": {}})

    for node_id, status, count in db.session.execute(
            select(Enrollment.current_node, Enrollment.status, func.count())
            .where(Enrollment.journey_id == journey.id, Enrollment.current_node.is_not(None),
                   Enrollment.status.in_((EnrollmentStatus.ACTIVE, EnrollmentStatus.FAILED)))
            .group_by(Enrollment.current_node, Enrollment.status)):
        if status == EnrollmentStatus.ACTIVE:
            node(node_id)["now"] = count
        else:  # stopped at this step by its action, waiting for Retry (only when there are any)
            node(node_id)["failed"] = count
    for node_id, outcome, count in db.session.execute(
            select(StepLog.node_id, StepLog.outcome, func.count())
            .where(StepLog.journey_id == journey.id).group_by(StepLog.node_id, StepLog.outcome)):
        entry = node(node_id)
        if outcome not in NOT_PASSED:
            entry["passed"] += count
        if outcome in labels.get(node_id, ()):
            entry["branches"][outcome] = entry["branches"].get(outcome, 0) + count
    _email_stats(journey.id, node)
    return {"enrolled": enrolled, "goal_achieved": goal_achieved, "by_status": by_status, "nodes": nodes}


def _email_stats(journey_id: int, node) -> None:
    """Per send_email node: sent (emailed or kept) / opened / clicked / unsubscribed, and what
    "sent" lumps together told apart — ``emailed`` (the mail server took it), ``kept`` (no mail
    server: it stays in the outbox) — and ``queued`` (waiting to go out): one GROUP BY."""
    def count(*statuses):
        return func.sum(case((OutboxEmail.status.in_(statuses), 1), else_=0))
    for node_id, emailed, kept, queued, opened, clicked, unsubscribed in db.session.execute(
            select(OutboxEmail.node_id, count(OutboxStatus.SENT), count(OutboxStatus.KEPT),
                   count(OutboxStatus.QUEUED, OutboxStatus.SENDING), func.count(OutboxEmail.opened_at),
                   func.count(OutboxEmail.clicked_at), func.count(OutboxEmail.unsubscribed_at))
            .where(OutboxEmail.journey_id == journey_id, OutboxEmail.node_id.is_not(None))
            .group_by(OutboxEmail.node_id)):
        emailed, kept = int(emailed or 0), int(kept or 0)
        node(node_id)["emails"] = {"sent": emailed + kept, "emailed": emailed, "kept": kept,
                                   "queued": int(queued or 0), "opened": opened, "clicked": clicked,
                                   "unsubscribed": unsubscribed}


def node_accounts(journey_id: int, node_id: str, limit: int = 200) -> dict:
    """Accounts at or through ``node_id``: ``{"items": [{"enrollment_id", "external_id", "name", "status",
    "entered_at", "here", "wake_at", "current_node", "outcome"}], "here_count", "passed_count"}``.

    Those waiting there now come first (``here`` true, ``status`` ``active``, ``wake_at`` when
    the step wakes them: a wait's end or time limit; None while an until_date wait has no date
    to wait for), then those that passed it (``here`` false; ``current_node`` and ``status`` say
    where each is now), newest first; at most ``limit`` items. "Passed" is what the canvas counts
    as passed (a log other than waiting/held/failed/moved), so an account that only arrived, or
    that the step's action stopped, is not listed as having passed it; ``outcome`` is what the step
    did for one that passed (its latest visit's: a decision's "yes"/"no", a split's branch). ``here_count`` and
    ``passed_count`` count them all, beyond ``limit``. Raises NotFound.
    """
    journey = get_journey(journey_id)
    if "\x00" in node_id:  # cannot be a stored node id (PostgreSQL text holds no NUL)
        return {"items": [], "here_count": 0, "passed_count": 0}
    is_here = (Enrollment.journey_id == journey.id, Enrollment.status == EnrollmentStatus.ACTIVE,
               Enrollment.current_node == node_id)
    here = db.session.execute(
        select(Enrollment.id, Account.external_id, Account.name, Enrollment.status, Enrollment.wake_at,
               Enrollment.current_node,
               func.coalesce(
                   select(func.max(StepLog.at)).where(StepLog.enrollment_id == Enrollment.id,
                                                      StepLog.node_id == node_id).scalar_subquery(),
                   Enrollment.updated_at).label("entered_at"))
        .join(Account, Account.id == Enrollment.account_id)
        .where(*is_here)
        .order_by(Enrollment.updated_at.desc()).limit(limit)).all()
    here_count = db.session.scalar(select(func.count()).select_from(Enrollment).where(*is_here))
    passing = (StepLog.journey_id == journey.id, StepLog.node_id == node_id, StepLog.outcome.is_not(None),
               StepLog.outcome.not_in([o for o in NOT_PASSED if o is not None]))
    not_here = ~((Enrollment.status == EnrollmentStatus.ACTIVE) & (Enrollment.current_node == node_id))
    passed = db.session.execute(
        select(Enrollment.id, Account.external_id, Account.name, Enrollment.status, Enrollment.current_node,
               func.min(StepLog.at).label("entered_at"))
        .join(Enrollment, Enrollment.id == StepLog.enrollment_id)
        .join(Account, Account.id == Enrollment.account_id)
        .where(*passing, not_here)
        .group_by(Enrollment.id, Account.external_id, Account.name, Enrollment.status, Enrollment.current_node)
        .order_by(func.min(StepLog.at).desc()).limit(max(0, limit - len(here)))).all()
    passed_count = db.session.scalar(
        select(func.count(func.distinct(StepLog.enrollment_id)))
        .join(Enrollment, Enrollment.id == StepLog.enrollment_id).where(*passing, not_here))
    rows = [(r, True) for r in here] + [(r, False) for r in passed]
    # what the step did for each account that passed it, its latest visit's ("yes", "no", a split's
    # branch, "done"): support asks which way an account went at a decision
    outcomes = {}
    if passed:
        for enrollment_id, outcome in db.session.execute(
                select(StepLog.enrollment_id, StepLog.outcome).where(
                    *passing, StepLog.enrollment_id.in_([r.id for r in passed]))
                .order_by(StepLog.at, StepLog.id)):
            outcomes[enrollment_id] = outcome
    return {"items": [{"enrollment_id": r.id, "external_id": r.external_id, "name": r.name, "status": r.status,
                       "entered_at": r.entered_at, "here": now, "wake_at": r.wake_at if now else None,
                       "current_node": r.current_node, "outcome": None if now else outcomes.get(r.id)}
                      for r, now in rows],
            "here_count": here_count, "passed_count": passed_count}


def failed_enrollments(journey_id: int, limit: int = 200) -> list[dict]:
    """Enrollments an action stopped, newest first, waiting for Retry: ``[{"enrollment_id",
    "external_id", "name", "node_id", "error", "failed_at"}]``, at most ``limit``. Raises
    NotFound."""
    journey = get_journey(journey_id)
    rows = db.session.execute(
        select(Enrollment.id, Account.external_id, Account.name, Enrollment.current_node,
               Enrollment.error, Enrollment.ended_at)
        .join(Account, Account.id == Enrollment.account_id)
        .where(Enrollment.journey_id == journey.id, Enrollment.status == EnrollmentStatus.FAILED)
        .order_by(Enrollment.ended_at.desc(), Enrollment.id.desc()).limit(limit))
    return [{"enrollment_id": r.id, "external_id": r.external_id, "name": r.name,
             "node_id": r.current_node, "error": r.error, "failed_at": r.ended_at} for r in rows]
