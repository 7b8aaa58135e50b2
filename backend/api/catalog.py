"""``GET /api/catalog``: every name a journey graph may refer to, for the pickers."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..schemas.catalog import CatalogSchema
from ..services.catalog import catalog_json

bp = Blueprint("catalog", __name__, description="Names a journey graph may refer to")


@bp.get("/catalog")
@bp.response(200, CatalogSchema)
def get_catalog():
    """Segments, templates, playbooks, users, milestones, outcomes, attributes, journeys, contact roles."""
    return catalog_json()
