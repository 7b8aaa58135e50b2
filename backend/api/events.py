"""Product events (SPEC §7): send them, read them, and the names seen (for the pickers).

Sending is open to admins and CSMs (and their tokens); reading to every role.
"""
from __future__ import annotations

from flask_smorest import Blueprint
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from ..auth import roles
from ..schemas.events import (EventListSchema, EventNameSchema, EventQuerySchema, EventsInSchema,
                              EventsResultSchema)
from ..services import events as service



class _ParsedOnce(FlaskParser):
    """Reads the body Flask already parsed (and cached) for the input guard: webargs would
    parse a 10,000-event body a second time."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        data = req.get_json(silent=True)
        return core.missing if data is None else data


class _Blueprint(Blueprint):
    ARGUMENTS_PARSER = _ParsedOnce()


bp = _Blueprint("events", __name__, description="Product events: what customers do")


@bp.post("/events")
@roles("admin", "csm")
@bp.arguments(EventsInSchema)
@bp.response(200, EventsResultSchema)
def post_events(data):
    """Record up to 10,000 events; an id seen before changes nothing; bad rows are reported by index."""
    return service.ingest(data["events"])


@bp.get("/events")
@bp.arguments(EventQuerySchema, location="query")
@bp.response(200, EventListSchema)
def list_events(query):
    """Events newest first, by account, name and time; ``before=next_before`` pages on."""
    return service.list_events(query.get("account"), query.get("name"), query.get("since"),
                               query.get("before"), query["limit"])


@bp.get("/event-names")
@bp.response(200, EventNameSchema(many=True))
def event_names():
    """Every event name seen, with its 30-day count, last time and the property types seen."""
    return service.event_names()
