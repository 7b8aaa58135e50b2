"""Segments and the rest of the account catalog: ``/api/segments``, ``/api/attributes``,
``/api/milestones``, ``/api/outcomes``, ``/api/playbooks`` (list / create / get /
update / delete; admin-only writes)."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import roles
from ..schemas.accounts import AccountListSchema, AccountQuerySchema
from ..schemas.catalog_admin import (
    AttributeListSchema, AttributeSchema, AttributeUpdateSchema, NamedListSchema, NamedSchema,
    NamedUpdateSchema, PlaybookListSchema, PlaybookSchema, PlaybookUpdateSchema, SegmentListSchema,
    SegmentPreviewResultSchema, SegmentPreviewSchema, SegmentSchema, SegmentUpdateSchema,
)
from ..services import accounts as accounts_service
from ..services import catalog_admin as service
from ..services import journeys as journeys_service
from ..services import segment_preview

bp = Blueprint("segments", __name__, description="Segments, custom attributes, milestones, outcomes, playbooks")


@bp.get("/segments")
@bp.response(200, SegmentListSchema)
def list_segments():
    """Every segment with its member count."""
    return {"items": service.list_segments()}


@bp.post("/segments")
@bp.arguments(SegmentSchema)
@bp.response(201, SegmentSchema)
def create_segment(data):
    """Create a segment; its members are computed at once."""
    return service.create_segment(data["key"], data["name"], data["rule"])


@bp.post("/segments/preview")
@roles("admin", "csm", "support")
@bp.arguments(SegmentPreviewSchema)
@bp.response(200, SegmentPreviewResultSchema)
def preview_segment(data):
    """How many accounts a rule matches now, and a sample of them; writes nothing (422 for a bad rule)."""
    return segment_preview.preview_rule(data["rule"], data.get("key"))


@bp.get("/segments/<key>")
@bp.response(200, SegmentSchema)
def get_segment(key):
    """One segment, with ``journeys``: those whose draft or a published version names it
    ({key, name, status}; an entry on it enrolls the accounts that come to match a new rule)."""
    segment = service.get_segment(key)
    return {**segment, "journeys": journeys_service.journeys_by_key(service.journeys_naming("segment", key))}


@bp.patch("/segments/<key>")
@bp.arguments(SegmentUpdateSchema)
@bp.response(200, SegmentSchema)
def update_segment(changes, key):
    """Rename it or change its rule (members are recomputed)."""
    return service.update_segment(key, changes)


@bp.delete("/segments/<key>")
@bp.response(204)
def delete_segment(key):
    """Delete a segment no journey or segment uses (409 names those that do)."""
    service.delete_segment(key)


@bp.get("/segments/<key>/accounts")
@bp.arguments(AccountQuerySchema, location="query")
@bp.response(200, AccountListSchema)
def segment_accounts(query, key):
    """The segment's current members."""
    return accounts_service.list_accounts(query.get("q"), key, query["limit"], query["offset"])


@bp.get("/attributes")
@bp.response(200, AttributeListSchema)
def list_attributes():
    """Custom account attributes and their types."""
    return {"items": service.list_attributes()}


@bp.post("/attributes")
@bp.arguments(AttributeSchema)
@bp.response(201, AttributeSchema)
def create_attribute(data):
    """Declare a custom attribute (number, text, date or boolean)."""
    return service.create_attribute(data["key"], data["label"], data["type"])


@bp.get("/attributes/<key>")
@bp.response(200, AttributeSchema)
def get_attribute(key):
    """One custom attribute."""
    return service.get_attribute(key)


@bp.patch("/attributes/<key>")
@bp.arguments(AttributeUpdateSchema)
@bp.response(200, AttributeSchema)
def update_attribute(changes, key):
    """Relabel it (its type changes only while no account has a value)."""
    return service.update_attribute(key, changes)


@bp.delete("/attributes/<key>")
@bp.response(204)
def delete_attribute(key):
    """Delete an attribute no journey or segment uses, with its values."""
    service.delete_attribute(key)


def _named_routes(kind: str, plural: str, schema, update_schema, list_schema) -> None:
    """list / create / get / update / delete for milestones, outcomes and playbooks."""

    def list_rows():
        return {"items": service.list_named(kind)}

    def create(data):
        return service.create_named(kind, data)

    def get(key):
        return service.get_named(kind, key)

    def update(changes, key):
        return service.update_named(kind, key, changes)

    def remove(key):
        service.delete_named(kind, key)

    for view, doc in ((list_rows, f"Every {kind}."), (create, f"Create a {kind}."), (get, f"One {kind}."),
                      (update, f"Change a {kind}."), (remove, f"Delete a {kind} nothing uses.")):
        view.__name__ = f"{view.__name__}_{plural}"
        view.__doc__ = doc
    bp.get(f"/{plural}")(bp.response(200, list_schema)(list_rows))
    bp.post(f"/{plural}")(bp.arguments(schema)(bp.response(201, schema)(create)))
    bp.get(f"/{plural}/<key>")(bp.response(200, schema)(get))
    bp.patch(f"/{plural}/<key>")(bp.arguments(update_schema)(bp.response(200, schema)(update)))
    bp.delete(f"/{plural}/<key>")(bp.response(204)(remove))


_named_routes("milestone", "milestones", NamedSchema, NamedUpdateSchema, NamedListSchema)
_named_routes("outcome", "outcomes", NamedSchema, NamedUpdateSchema, NamedListSchema)
_named_routes("playbook", "playbooks", PlaybookSchema, PlaybookUpdateSchema, PlaybookListSchema)
