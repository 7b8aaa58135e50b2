"""Changing a live journey (SPEC §10): what publishing would do, and what a version changed.

``POST /api/journeys/<id>/publish/preview`` (the publish body) and
``GET /api/journeys/<id>/versions/<n>/diff``; ``POST .../publish`` itself is in
``api/journeys.py``.
"""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import roles
from ..schemas.journey_changes import PublishPreviewSchema, PublishSchema, VersionDiffSchema
from ..services import journey_diff, journey_publishing

bp = Blueprint("journey-changes", __name__,
               description="Changing a live journey: publish preview (with a migration) and version diffs")


@bp.post("/journeys/<int(max=2147483647):journey_id>/publish/preview")
@roles("admin")
@bp.arguments(PublishSchema)
@bp.response(200, PublishPreviewSchema)
def publish_preview(data, journey_id):
    """What publishing with this body would do, without doing it: the draft's problems and,
    per node of the versions accounts walk now, how many are there and where a ``move``
    would take them (``unmapped`` lists what would make publish answer 422)."""
    return journey_publishing.preview(journey_id, data.get("migrate"))


@bp.get("/journeys/<int(max=2147483647):journey_id>/versions/<int(max=2147483647):number>/diff")
@bp.response(200, VersionDiffSchema)
def version_diff(journey_id, number):
    """Nodes added, removed and changed (with the fields that changed) and edges added and
    removed, in version ``number`` against version ``number - 1``."""
    return journey_diff.version_diff(journey_id, number)
