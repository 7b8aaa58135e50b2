"""Email templates: ``/api/templates`` (SPEC §5 catalog) and a rendered preview."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import current_principal, roles
from ..schemas.templates import (RenderedSchema, TemplateListSchema, TemplatePreviewSchema, TemplateSchema,
                                 TemplateUpdateSchema, TestSendContentSchema, TestSendSchema, TestSentSchema)
from ..services import templates as service

bp = Blueprint("templates", __name__, description="Email templates with merge fields")


@bp.get("/templates")
@bp.response(200, TemplateListSchema)
def list_templates():
    """Every email template."""
    return {"items": service.list_templates()}


@bp.post("/templates")
@bp.arguments(TemplateSchema)
@bp.response(201, TemplateSchema)
def create_template(data):
    """Create a template (409 when the key exists, 422 when it does not parse)."""
    return service.create_template(data["key"], data["subject"], data["body"], data.get("html_body"))


@bp.get("/templates/<key>")
@bp.response(200, TemplateSchema)
def get_template(key):
    """One template."""
    return service.get_template(key)


@bp.route("/templates/<key>", methods=["PUT", "PATCH"])
@bp.arguments(TemplateUpdateSchema)
@bp.response(200, TemplateSchema)
def update_template(changes, key):
    """Change the subject, text body and/or HTML body."""
    return service.update_template(key, changes)


@bp.delete("/templates/<key>")
@bp.response(204)
def delete_template(key):
    """Delete a template (409 while an enabled journey sends it)."""
    service.delete_template(key)


@bp.post("/templates/<key>/preview")
@roles("admin", "csm", "support")  # renders only
@bp.arguments(TemplatePreviewSchema)
@bp.response(200, RenderedSchema)
def preview_template(data, key):
    """Render the template for a sample account (JSON) or a stored one (external_id)."""
    return service.preview(key, data["account"], data.get("contact"))


def _signed_in_email():
    principal = current_principal()
    return principal.email if principal is not None else None


@bp.post("/templates/<key>/test")
@roles("admin", "csm")
@bp.arguments(TestSendSchema)
@bp.response(201, TestSentSchema)
def send_test(data, key):
    """Render the template for a stored account and send it to the signed-in user ("[Test]"
    in the subject; no unsubscribe or tracking), or to another staff user (``to``; an API token
    must name one). 422 when there is no staff address to send to."""
    return service.send_test(key, data["account"], data.get("to") or _signed_in_email())


@bp.post("/emails/test")
@roles("admin", "csm")
@bp.arguments(TestSendContentSchema)
@bp.response(201, TestSentSchema)
def send_test_content(data):
    """The same for an email written in the node (subject, body, optional HTML body)."""
    return service.send_test(None, data["account"], data.get("to") or _signed_in_email(), data)
