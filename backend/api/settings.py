"""Workspace settings: ``GET/PUT /api/settings`` (admins only; SPEC §8)."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import readers
from ..schemas.settings import SettingsSchema
from ..services import workspace_settings as service

bp = Blueprint("settings", __name__,
               description="Workspace settings: default time zone, frequency cap, tracking, public URL")


@bp.get("/settings")
@readers("admin")
@bp.response(200, SettingsSchema)
def get_settings():
    """The workspace settings (defaults for what was never set). Admins only."""
    return service.load()


@bp.put("/settings")
@bp.arguments(SettingsSchema)
@bp.response(200, SettingsSchema)
def put_settings(changes):
    """Change any subset of the settings; the others keep their values. A bad value is a
    422 naming it, and nothing changes. Admins only; audited as ``settings.update``."""
    return service.update(changes)
