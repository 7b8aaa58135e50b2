"""Enrollments: an account's journeys with step logs, unenroll and retry."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import roles
from ..schemas.enrollments import AccountJourneysSchema, EnrollmentSchema, EntryChecksSchema
from ..services import enrollments as service
from ..services.entry_checks import entry_checks, event_checks

bp = Blueprint("enrollments", __name__, description="Enrollments and their step logs")


@bp.get("/accounts/<external_id>/journeys")
@bp.response(200, AccountJourneysSchema)
def account_journeys(external_id):
    """Every enrollment of the account, newest first, with its step log."""
    return {"enrollments": service.account_journeys(external_id)}


@bp.get("/accounts/<external_id>/entry-checks")
@bp.response(200, EntryChecksSchema)
def account_entry_checks(external_id):
    """Journeys whose entry segment the account is in but that it is not in, each with the
    reason it was not (re-)enrolled ("why isn't it here?"); and (``events``) per journey that
    enters on an event, the latest such event of the account that did not enroll it, and why."""
    return {"items": entry_checks(external_id), "events": event_checks(external_id)}


@bp.post("/enrollments/<int(max=2147483647):enrollment_id>/unenroll")
@roles("admin", "csm")  # CSMs look after their accounts (as they resend an email); support looks
@bp.response(200, EnrollmentSchema)
def unenroll(enrollment_id):
    """End an active enrollment (status ``unenrolled``, reason ``manual``)."""
    return service.unenroll(enrollment_id)


@bp.post("/enrollments/<int(max=2147483647):enrollment_id>/retry")
@roles("admin", "csm")
@bp.response(200, EnrollmentSchema)
def retry(enrollment_id):
    """Make a failed enrollment active again at the step that failed."""
    return service.retry_enrollment(enrollment_id)
