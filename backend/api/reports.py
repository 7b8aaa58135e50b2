"""Reporting (SPEC §11): ``GET /api/journeys/<id>/report`` and ``GET /api/reports/overview``.

Reads for every role (admin, csm, support), like the other journey reads.
"""
from __future__ import annotations

from flask_smorest import Blueprint

from ..schemas.reports import JourneyReportSchema, OverviewSchema, ReportQuerySchema, ReportRangeSchema
from ..services import reporting

bp = Blueprint("reports", __name__, description="Reports: is a journey working?")


@bp.get("/journeys/<int(max=2147483647):journey_id>/report")
@bp.arguments(ReportQuerySchema, location="query")
@bp.response(200, JourneyReportSchema)
def journey_report(query, journey_id):
    """The journey's report over UTC days ``from``..``to`` (inclusive; default the last 30
    days, at most 732): series by day or week, cohort conversion with its Wilson 95% interval,
    time to goal p50/p90 in hours, per-node reach and goals after, split branches compared
    (p-value), and email engagement per send-email step. 422 for a bad range or bucket."""
    return reporting.journey_report(journey_id, query.get("start"), query.get("end"),
                                    query["bucket"])


@bp.get("/reports/overview")
@bp.arguments(ReportRangeSchema, location="query")
@bp.response(200, OverviewSchema)
def overview(query):
    """Every journey's enrollments, goals, completions and cohort conversion in the range,
    and its active enrollments now."""
    return reporting.overview(query.get("start"), query.get("end"))
