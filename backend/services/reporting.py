"""Is the journey working? The journey report and the workspace overview (SPEC §11).

Both answer from the daily rollups (``backend/db/report_rollups.py``: a few rows per journey,
day and node), never by scanning enrollments or step logs; email engagement is read from the
``email.opened`` / ``email.clicked`` product events of the range (their ``journey`` and
``node`` properties) and from unsubscribes recorded with their journey and node.

Choices the SPEC leaves open (README, "Reporting"):

- Days are UTC days; ``from`` and ``to`` are inclusive dates; by default the last 30 days.
  A week bucket starts on Monday (``t`` is that Monday, the first one may start before
  ``from`` but counts only days in the range). At most ``MAX_DAYS`` days.
- ``series``: per bucket, enrollments made, goals achieved, and enrollments that ended as
  ``completed`` (reached an end), ``unenrolled`` or ``failed``, by the day it happened (a
  goal that ends the enrollment is counted as a goal, not as completed).
- ``conversion``: of the accounts enrolled in the range, how many achieved the goal (at any
  time since): a cohort rate with its Wilson 95% interval.
- ``time_to_goal_hours``: p50 / p90 of hours from enrollment to goal for goals achieved in
  the range (hour resolution below a day, day resolution after).
- ``nodes``: per step, enrollments that reached it in the range (first visit) and the goals
  achieved in the range by enrollments that had passed it (``goal_after``), with its ``label``
  and ``type`` as the newest published version that has it drew it (so a removed step keeps
  its name).
- ``splits``: per branch, enrollments that took it in the range (``n``), and goals achieved
  after it in the range (``goal``), with ``rate`` and Wilson ``ci95``; ``p_value`` compares
  the branches (``reporting_stats.split_p_value``).
- ``emails``: per send-email step, emails sent (the step done) in the range, and distinct
  recipients who opened, clicked, or unsubscribed in the range.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import BigInteger, String, and_, cast, func, literal, or_, select

from .. import clock
from ..errors import Invalid
from ..extensions import db
from ..models.enrollments import Enrollment
from ..models.events import Event
from ..models.journeys import Journey, JourneyVersion
from ..models.reporting import ReportRollup
from ..models.statuses import EnrollmentStatus
from . import reporting_stats as stats
from .journey_lookup import get_journey

MAX_DAYS = 732
DEFAULT_DAYS = 30
BUCKETS = ("day", "week")
SERIES = ("enrolled", "goal_achieved", "completed", "unenrolled", "failed")
_SERIES_OF = {("enrolled", ""): "enrolled", ("goal", ""): "goal_achieved",
              ("ended", "completed"): "completed", ("ended", "unenrolled"): "unenrolled",
              ("ended", "failed"): "failed"}


def date_range(start: date | None, end: date | None, bucket: str = "day") -> tuple[date, date]:
    """The inclusive (from, to) a report covers; raises Invalid (422) for a bad range."""
    if bucket not in BUCKETS:
        raise Invalid("bucket must be day or week.", details={"bucket": ["Must be day or week."]})
    if end is None:
        end = start + timedelta(days=DEFAULT_DAYS - 1) if start else clock.today()
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise Invalid("from is after to.", details={"from": ["Must be on or before to."]})
    if (end - start).days + 1 > MAX_DAYS:
        raise Invalid(f"A report covers at most {MAX_DAYS} days.",
                      details={"to": [f"At most {MAX_DAYS} days after from."]})
    return start, end


_DAILY = ("enrolled", "goal", "ended")


def _sums(journey_ids, start: date, end: date, by_day: bool, metrics=None) -> list[tuple]:
    """Rollup sums in the range: (journey_id, day | None, metric, node_id, key, n), zeros
    dropped; per day only when ``by_day``. One grouped query on the rollups' primary key, the
    sum cast to bigint and read through Core (no ORM objects: a year of a busy journey is
    ~15,000 rollup rows)."""
    n = cast(func.sum(ReportRollup.n), BigInteger)
    columns = [ReportRollup.journey_id, ReportRollup.day if by_day else literal(None),
               ReportRollup.metric, ReportRollup.node_id, ReportRollup.key]
    group = [ReportRollup.journey_id, ReportRollup.metric, ReportRollup.node_id, ReportRollup.key]
    query = (select(*columns, n).where(ReportRollup.journey_id.in_(list(journey_ids)),
                                       ReportRollup.day >= start, ReportRollup.day <= end)
             .group_by(*group, *([ReportRollup.day] if by_day else [])))
    if metrics:
        query = query.where(ReportRollup.metric.in_(list(metrics)))
    return [row for row in db.session.connection().execute(query).all() if row[5]]


def _bucket_start(day: date, bucket: str) -> date:
    return day - timedelta(days=day.weekday()) if bucket == "week" else day


def _series(rows, start: date, end: date, bucket: str) -> list[dict]:
    points: dict[date, dict] = {}
    day = _bucket_start(start, bucket)
    while day <= end:
        points[day] = {"t": day.isoformat(), **{name: 0 for name in SERIES}}
        day += timedelta(days=7 if bucket == "week" else 1)
    for _, day, metric, _, key, n in rows:
        name = _SERIES_OF.get((metric, key))
        if name:
            points[_bucket_start(day, bucket)][name] += n
    return list(points.values())


def _graph_nodes(journey_id: int) -> dict[str, dict]:
    """Every node of the journey's published versions (newest wins) by id."""
    nodes: dict[str, dict] = {}
    for (graph,) in db.session.execute(select(JourneyVersion.graph).where(
            JourneyVersion.journey_id == journey_id).order_by(JourneyVersion.version)):
        for node in (graph or {}).get("nodes") or ():
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                nodes[node["id"]] = node
    return nodes


def _config(node: dict) -> dict:
    return node.get("config") if isinstance(node.get("config"), dict) else {}


def journey_report(journey_id: int, start: date | None = None, end: date | None = None,
                   bucket: str = "day") -> dict:
    """The SPEC §11 report of one journey (see module docstring); raises NotFound, Invalid."""
    journey = get_journey(journey_id)
    start, end = date_range(start, end, bucket)
    rows = _sums([journey.id], start, end, by_day=False)
    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    histogram: dict[int, int] = defaultdict(int)
    for _, _, metric, node, key, n in rows:
        totals[(metric, node, key)] += n
        if metric == "ttg":
            histogram[int(key)] += n
    graph_nodes = _graph_nodes(journey.id)
    node_ids = [i for i, node in graph_nodes.items() if node.get("type") not in ("goal", "exit")]
    ends = {i for i, node in graph_nodes.items() if node.get("type") in ("goal", "exit")}
    node_ids += sorted({node for metric, node, _ in totals if metric == "reached"} - set(node_ids) - ends)
    goal_after = defaultdict(int)
    for (metric, node, _), n in totals.items():
        if metric == "goal_after":
            goal_after[node] += n
    report = {
        "journey": {"id": journey.id, "key": journey.key, "name": journey.name},
        "from": start.isoformat(), "to": end.isoformat(), "bucket": bucket,
        "series": _series(_sums([journey.id], start, end, True, _DAILY), start, end, bucket),
        "conversion": stats.rate(totals[("converted", "", "")], totals[("enrolled", "", "")]),
        "time_to_goal_hours": {"p50": stats.percentile(histogram, 0.5),
                               "p90": stats.percentile(histogram, 0.9)},
        "nodes": {i: {"reached": totals[("reached", i, "")], "goal_after": goal_after[i],
                      "label": graph_nodes.get(i, {}).get("label"),
                      "type": graph_nodes.get(i, {}).get("type")}
                  for i in node_ids},
        "splits": {}, "emails": {},
    }
    for node_id, node in graph_nodes.items():
        if node.get("type") == "split":
            keys = sorted(set(_config(node).get("weights") or {}) | {
                key for metric, n_id, key in totals if metric == "step" and n_id == node_id})
            branches = {}
            for key in keys:
                n, goal = totals[("step", node_id, key)], totals[("goal_after", node_id, key)]
                branches[key] = {"n": n, "goal": goal, **stats.rate(goal, n)}
            p_value = stats.split_p_value([(b["goal"], b["n"]) for b in branches.values()])
            report["splits"][node_id] = {**branches, "p_value": p_value}
    emails = [i for i, node in graph_nodes.items()
              if node.get("type") == "action" and _config(node).get("action") == "send_email"]
    engagement = _engagement(journey, emails, start, end)
    for node_id in emails:
        report["emails"][node_id] = {"sent": totals[("step", node_id, "done")],
                                     **engagement.get(node_id, {})}
        for name in ("opened", "clicked", "unsubscribed"):
            report["emails"][node_id].setdefault(name, 0)
    return report


def _engagement(journey: Journey, nodes: list[str], start: date, end: date) -> dict:
    """{node: {"opened", "clicked", "unsubscribed"}}: distinct recipients in the range."""
    if not nodes:
        return {}
    since = datetime.combine(start, time(0), tzinfo=timezone.utc)
    until = since + timedelta(days=(end - start).days + 1)
    node_prop = cast(Event.properties["node"].as_string(), String)
    journey_prop = cast(Event.properties["journey"].as_string(), String)
    out: dict[str, dict] = defaultdict(dict)
    names = {"email.opened": "opened", "email.clicked": "clicked"}
    for name, node, count in db.session.execute(
            select(Event.name, node_prop, func.count(Event.account_id.distinct()))
            .where(Event.name.in_(list(names)), Event.at >= since, Event.at < until,
                   or_(journey_prop == str(journey.id), journey_prop == journey.key),
                   node_prop.in_(nodes))
            .group_by(Event.name, node_prop)):
        out[node][names[name]] = int(count)
    table = db.metadata.tables.get("suppressions")
    if table is not None and {"journey_id", "node_id", "reason"} <= set(table.c.keys()):
        for node, count in db.session.execute(
                select(table.c.node_id, func.count()).where(and_(
                    table.c.journey_id == journey.id, table.c.reason == "unsubscribed",
                    table.c.node_id.in_(nodes), table.c.created_at >= since,
                    table.c.created_at < until)).group_by(table.c.node_id)):
            out[node]["unsubscribed"] = int(count)
    return out


def _has_goal(graph) -> bool:
    """Whether a journey/v1 graph has a goal step (a journey without one has no conversion)."""
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    return any(isinstance(node, dict) and node.get("type") == "goal" for node in nodes or ())


def _goals(journeys) -> dict[int, bool]:
    """{journey id: has a goal step} judged on the published version enrollments walk now (the
    draft for a journey never published)."""
    published = {j.id: j.published_version for j in journeys if j.published_version}
    goals = {}
    if published:
        for journey_id, version, graph in db.session.execute(
                select(JourneyVersion.journey_id, JourneyVersion.version, JourneyVersion.graph)
                .where(JourneyVersion.journey_id.in_(list(published)))):
            if published[journey_id] == version:
                goals[journey_id] = _has_goal(graph)
    drafts = [j.id for j in journeys if j.id not in goals]
    if drafts:
        for journey_id, graph in db.session.execute(
                select(Journey.id, Journey.draft_graph).where(Journey.id.in_(drafts))):
            goals[journey_id] = _has_goal(graph)
    return goals


def overview(start: date | None = None, end: date | None = None) -> dict:
    """Every journey's enrolled, goals, completions, unenrollments, failures and conversion for
    the range, its active and failed enrollments now, and whether it has a goal at all
    (``conversion`` is None when it has none: there is nothing to convert to)."""
    start, end = date_range(start, end)
    journeys = db.session.execute(select(Journey.id, Journey.key, Journey.name, Journey.enabled,
                                         Journey.published_version).order_by(Journey.name)).all()
    totals: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for journey_id, _, metric, _, key, n in _sums([j.id for j in journeys], start, end, False,
                                                  ("enrolled", "converted", "goal", "ended")):
        totals[journey_id][(metric, key)] += n
    now = defaultdict(dict)
    for journey_id, status, count in db.session.execute(
            select(Enrollment.journey_id, Enrollment.status, func.count())
            .where(Enrollment.status.in_([EnrollmentStatus.ACTIVE, EnrollmentStatus.FAILED]))
            .group_by(Enrollment.journey_id, Enrollment.status)).all():
        now[journey_id][str(status)] = int(count)
    goals = _goals(journeys)
    items = []
    for j in journeys:
        t = totals[j.id]
        has_goal = goals.get(j.id, False)
        items.append({"id": j.id, "key": j.key, "name": j.name, "enabled": bool(j.enabled),
                      "published_version": j.published_version,
                      "enrolled": t[("enrolled", "")], "active": now[j.id].get("active", 0),
                      "goal_achieved": t[("goal", "")], "completed": t[("ended", "completed")],
                      "unenrolled": t[("ended", "unenrolled")], "failed": t[("ended", "failed")],
                      "failed_now": now[j.id].get("failed", 0), "has_goal": has_goal,
                      "conversion": (stats.rate(t[("converted", "")], t[("enrolled", "")])
                                     if has_goal else None)})
    return {"from": start.isoformat(), "to": end.isoformat(), "journeys": items}
