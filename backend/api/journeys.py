"""Journeys: ``/api/journeys`` (SPEC §5). Views load the schema, call a service, return."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import current_principal, roles
from ..schemas.journeys import (FailedEnrollmentListSchema, GraphSchema, JourneyCreateSchema,
                                JourneyDisableSchema, JourneyDuplicateSchema, JourneyListSchema,
                                JourneySchema, JourneyUpdateSchema, NodeAccountListSchema,
                                NodeAccountsQuerySchema, SimulateSchema, SimulationSchema,
                                StatsSchema, ValidationResultSchema, EnablePreviewSchema,
                                VersionListSchema)
from ..schemas.journey_changes import PublishResultSchema, PublishSchema
from ..services import journey_previews, journey_simulation, journey_stats
from ..services.journey_names import with_name_warnings
from ..services import journeys as service

bp = Blueprint("journeys", __name__, description="Journeys: drafts, versions, lifecycle, simulation, stats")


def _who() -> str | None:
    principal = current_principal()
    return (principal.email or principal.name) if principal else None


@bp.post("/journeys/validate")
@roles("admin", "csm", "support")  # reads only: the Problems tab of everyone who can look
@bp.arguments(GraphSchema)
@bp.response(200, ValidationResultSchema)
def validate_graph(graph):
    """Validate a graph against the workspace; ``problems`` lists every problem (SPEC §2)."""
    problems = service.validate_graph(graph)
    return {"valid": not problems, "problems": problems}


@bp.get("/journeys")
@bp.response(200, JourneyListSchema)
def list_journeys():
    """Every journey with its status and enrollment counts."""
    return {"items": service.list_journeys()}


@bp.post("/journeys")
@bp.arguments(JourneyCreateSchema)
@bp.response(201, JourneySchema)
def create_journey(data):
    """Create a journey (disabled, unpublished) from a draft graph; ``warnings`` names other
    journeys with the same name (allowed, but confusing)."""
    return with_name_warnings(service.create_journey(data["key"], data["name"], data["description"],
                                                     data.get("graph")))


@bp.get("/journeys/<int(max=2147483647):journey_id>")
@bp.response(200, JourneySchema)
def get_journey(journey_id):
    """A journey with its draft graph."""
    return service.get_journey(journey_id)


@bp.put("/journeys/<int(max=2147483647):journey_id>")
@bp.arguments(JourneyUpdateSchema)
@bp.response(200, JourneySchema)
def save_draft(data, journey_id):
    """Save the draft (may be invalid); a stale ``draft_version`` answers 409; ``warnings`` as
    for create."""
    return with_name_warnings(service.save_draft(journey_id, data["graph"], data["draft_version"],
                                                 data.get("name"), data.get("description")))


@bp.delete("/journeys/<int(max=2147483647):journey_id>")
@bp.response(204)
def delete_journey(journey_id):
    """Delete a disabled journey with its versions and history (409 while enabled)."""
    service.delete_journey(journey_id)


@bp.post("/journeys/<int(max=2147483647):journey_id>/duplicate")
@bp.arguments(JourneyDuplicateSchema)
@bp.response(201, JourneySchema)
def duplicate_journey(data, journey_id):
    """Copy the draft into a new journey (key defaults to ``<key>-copy``); ``warnings`` as for create."""
    return with_name_warnings(service.duplicate(journey_id, data.get("key"), data.get("name")))


@bp.post("/journeys/<int(max=2147483647):journey_id>/publish")
@bp.arguments(PublishSchema)
@bp.response(200, PublishResultSchema)
def publish_journey(data, journey_id):
    """Validate the draft and freeze it as the next version (422 with the problems), with an
    optional ``note``. ``migrate.mode`` ``stay`` (default) leaves active enrollments on their
    version; ``move`` moves them all onto the new one in one transaction, each node to the
    same id or to what ``migrate.map`` names (422 ``unmapped_nodes`` listing occupied nodes
    with no mapping, and nothing changes). See ``/publish/preview``."""
    migrate = data.get("migrate")
    return service.publish(journey_id, by=_who(), note=data.get("note"), migrate=migrate)


@bp.post("/journeys/<int(max=2147483647):journey_id>/enable")
@bp.response(200, JourneySchema)
def enable_journey(journey_id):
    """Start enrolling accounts and walking (needs a published, still valid version)."""
    return service.enable(journey_id)


@bp.get("/journeys/<int(max=2147483647):journey_id>/enable-preview")
@bp.response(200, EnablePreviewSchema)
def enable_preview(journey_id):
    """What enabling would do now: the entry's segments with member counts, and how many
    accounts would enroll at once (409 when nothing is published)."""
    return journey_previews.enable_preview(journey_id)


@bp.post("/journeys/<int(max=2147483647):journey_id>/disable")
@bp.arguments(JourneyDisableSchema)
@bp.response(200, JourneySchema)
def disable_journey(data, journey_id):
    """Stop new enrollments and pause walking."""
    return service.disable(journey_id, data.get("reason"))


@bp.get("/journeys/<int(max=2147483647):journey_id>/versions")
@bp.response(200, VersionListSchema)
def list_versions(journey_id):
    """Published versions, newest first, each with who published it, whether it is the
    live one, and how many accounts are active on it (and ever enrolled on it)."""
    return {"items": journey_previews.versions_with_counts(journey_id)}


@bp.post("/journeys/<int(max=2147483647):journey_id>/simulate")
@roles("admin", "csm", "support")  # nothing is written or sent
@bp.arguments(SimulateSchema)
@bp.response(200, SimulationSchema)
def simulate_journey(data, journey_id):
    """Walk an account (JSON or a stored external_id) through the draft, a published
    ``version`` or an unsaved ``graph`` (422 with the problems when it does not validate);
    nothing is written or sent."""
    return journey_simulation.simulate_journey(journey_id, data["account"], data["days"], data["changes"],
                                               data.get("version"), data.get("graph"))


@bp.get("/journeys/<int(max=2147483647):journey_id>/stats")
@bp.response(200, StatsSchema)
def get_stats(journey_id):
    """Enrollment counts by status and, per node, now / passed / branches."""
    return journey_stats.journey_stats(journey_id)


@bp.get("/journeys/<int(max=2147483647):journey_id>/nodes/<node_id>/accounts")
@bp.arguments(NodeAccountsQuerySchema, location="query")
@bp.response(200, NodeAccountListSchema)
def node_accounts(query, journey_id, node_id):
    """Accounts at a node now, then those that passed it (each with where it is now), and how
    many of each there are in all."""
    return journey_stats.node_accounts(journey_id, node_id, query["limit"])


@bp.get("/journeys/<int(max=2147483647):journey_id>/failed")
@bp.arguments(NodeAccountsQuerySchema, location="query")
@bp.response(200, FailedEnrollmentListSchema)
def failed_enrollments(query, journey_id):
    """Enrollments an action stopped, newest first, with the step and the error (for Retry)."""
    return {"items": journey_stats.failed_enrollments(journey_id, query["limit"])}
