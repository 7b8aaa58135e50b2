"""Why an account is not in a journey whose entry segment it is in ("why isn't it here?").

``entry_checks(external_id) -> list[dict]``: for each published journey whose entry tracks a
segment the account is in now, and that the account is not active in, the reason it was not
(re-)enrolled, in the engine's own terms (``engine.enrolling``: an account is enrolled when it
*enters* a tracked segment of an enabled journey and the entry's re-enrollment rule allows,
or when the journey is enabled with "enroll accounts already in the segment"):

- ``journey_off`` — the journey is not enabled;
- ``reenroll_never`` — it was enrolled before and the rule is "never";
- ``reenroll_wait`` — the rule's days since its last enrollment have not passed
  (``eligible_from``);
- ``stayed_in_segment`` — the rule allows it now, but it entered the segment (and stayed)
  before it could enroll again: while its last enrollment was active, or before the rule's
  days had passed (it enrolls when it next enters);
- ``in_before_enabled`` — it was in the segment before the journey was turned on, and the
  journey enrolls only accounts that enter from then on;
- ``pending`` — none of these: it entered while the journey was on and should be enrolled
  as soon as a worker gets to it.

Each item: ``{"journey": {"id", "key", "name", "enabled"}, "segments": [{"key", "name",
"since"}], "code", "message", "eligible_from", "last_enrollment": {"id", "status", "enrolled_at",
"ended_at"} | None}``. Nothing is written.

``event_checks(external_id) -> list[dict]``: the same question for entry by event (SPEC §7): per
journey, the latest event it enters on that did not enroll the account, as the entry job
recorded it (``EventEntrySkip``: it cannot be worked out later, the rule and the enrollments
having moved on), unless the account has enrolled in that journey since. ``code`` is the
re-enrollment rule's reason:

- ``active`` — it was already active in the journey (since ``since``);
- ``reenroll_never`` — it was enrolled before (``since``) and the rule is "never";
- ``reenroll_wait`` — the rule's ``reenroll_days`` since its last enrollment (``since``) had not
  passed: it could enroll from ``eligible_from``.

Each: ``{"journey": {...}, "event": {"name", "at", "id"}, "code", "message", "since",
"eligible_from", "reenroll_days", "decided_at"}``, newest first.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from .. import clock
from ..errors import NotFound
from ..extensions import db
from ..models.accounts import Account
from ..models.enrollments import Enrollment
from ..models.events import EventEntrySkip
from ..models.journeys import Journey, JourneyVersion
from ..models.segments import Segment, SegmentMembership
from ..models.statuses import EnrollmentStatus

_ACTIVE = EnrollmentStatus.ACTIVE.value


def _utc(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(moment: datetime | None) -> str:
    """The moment's (UTC) day as the app says a calendar date everywhere: "20 Dec 2026"
    (frontend/src/components/dates.js), not "2026-12-20" beside the timeline's "20 Dec 2026"."""
    if not moment:
        return "an unknown day"
    day = _utc(moment)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _account_id(external_id: str) -> int:
    account_id = None if "\x00" in external_id else db.session.scalar(
        select(Account.id).where(Account.external_id == external_id))
    if account_id is None:
        raise NotFound(f"No account {external_id!r}.")
    return account_id


def entry_checks(external_id: str) -> list[dict]:
    """See the module docstring. Raises NotFound."""
    account_id = _account_id(external_id)
    member = {key: (name, _utc(since)) for key, name, since in db.session.execute(
        select(Segment.key, Segment.name, SegmentMembership.since)
        .join(SegmentMembership, SegmentMembership.segment_id == Segment.id)
        .where(SegmentMembership.account_id == account_id))}
    if not member:
        return []
    history: dict[int, list[Enrollment]] = {}
    for enrollment in db.session.scalars(select(Enrollment).where(Enrollment.account_id == account_id)
                                         .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())):
        history.setdefault(enrollment.journey_id, []).append(enrollment)
    out = []
    for journey, version in db.session.execute(
            select(Journey, JourneyVersion).join(JourneyVersion, (JourneyVersion.journey_id == Journey.id)
                                                 & (JourneyVersion.version == Journey.published_version))
            .order_by(Journey.name, Journey.id)).all():
        entry = next((n for n in (version.graph or {}).get("nodes", []) if n.get("type") == "entry"), None)
        config = (entry or {}).get("config") or {}
        tracked = [key for key in config.get("segments") or () if key in member]
        past = history.get(journey.id, [])
        if not tracked or any(e.status == _ACTIVE for e in past):
            continue
        segments = [{"key": key, "name": member[key][0], "since": member[key][1]} for key in tracked]
        code, message, eligible_from = _reason(journey, config, segments, past[0] if past else None)
        last = past[0] if past else None
        out.append({
            "journey": {"id": journey.id, "key": journey.key, "name": journey.name, "enabled": journey.enabled},
            "segments": segments, "code": code, "message": message, "eligible_from": eligible_from,
            "last_enrollment": None if last is None else {
                "id": last.id, "status": last.status, "enrolled_at": _utc(last.enrolled_at),
                "ended_at": _utc(last.ended_at)}})
    return out


def _reason(journey: Journey, config: dict, segments: list[dict],
            last: Enrollment | None) -> tuple[str, str, datetime | None]:
    names = " / ".join(f"“{s['name']}”" for s in segments)
    since = min(s["since"] for s in segments if s["since"] is not None) if any(
        s["since"] for s in segments) else None
    if not journey.enabled:
        return ("journey_off", f"The journey is off. Accounts that enter {names} while it is off are "
                "not enrolled when it is turned on"
                + (", except those still in the segment then (it enrolls accounts already in the "
                   "segment)." if config.get("enroll_existing") else "."), None)
    reenroll = config.get("reenroll") or {}
    mode = reenroll.get("mode")
    if last is not None:
        ended = f"its last enrollment began {_day(last.enrolled_at)} ({last.status.replace('_', ' ')})"
        if mode == "never":
            return ("reenroll_never", f"It was enrolled before: {ended}, and this journey enrolls an "
                    "account only once.", None)
        # it could enroll again once its last enrollment ended and, with a number of days, once
        # they passed since that enrollment began
        allowed = _utc(last.ended_at) or _utc(last.enrolled_at)
        if mode == "after_days":
            eligible = _utc(last.enrolled_at) + timedelta(days=int(reenroll.get("days") or 0))
            if clock.now() < eligible:
                return ("reenroll_wait", f"It was enrolled before: {ended}. The journey enrolls an account "
                        f"again only {reenroll.get('days')} days after its last enrollment: from "
                        f"{_day(eligible)}, when it next enters {names}.", eligible)
            allowed = max(allowed, eligible)
        if since is not None and since <= allowed:
            return ("stayed_in_segment", f"It has been in {names} since {_day(since)}, before it could "
                    f"enroll again ({_day(allowed)}). Accounts are enrolled when they enter the "
                    "segment: it enrolls again when it leaves and enters it again.", None)
    enabled_at = _utc(journey.enabled_at)
    if since is not None and enabled_at is not None and since < enabled_at \
            and not config.get("enroll_existing"):
        return ("in_before_enabled", f"It was already in {names} (since {_day(since)}) when the "
                f"journey was turned on ({_day(enabled_at)}), and the journey enrolls only accounts "
                "that enter the segment from then on (“Enroll accounts already in the segment” was "
                "off). It enrolls when it next enters the segment.", None)
    return ("pending", f"It entered {names} while the journey was on: it is enrolled as soon as a "
            "worker gets to it (seconds). If this stays, check that the workers are running "
            "(the health dot in the header).", None)


def event_checks(external_id: str) -> list[dict]:
    """See the module docstring. Raises NotFound."""
    account_id = _account_id(external_id)
    rows = db.session.execute(
        select(EventEntrySkip, Journey).join(Journey, Journey.id == EventEntrySkip.journey_id)
        .where(EventEntrySkip.account_id == account_id)
        .order_by(EventEntrySkip.decided_at.desc(), EventEntrySkip.id.desc())).all()
    if not rows:
        return []
    latest = dict(db.session.execute(
        select(Enrollment.journey_id, func.max(Enrollment.enrolled_at))
        .where(Enrollment.account_id == account_id, Enrollment.journey_id.in_([j.id for _, j in rows]))
        .group_by(Enrollment.journey_id)).all())
    out = []
    for skip, journey in rows:
        enrolled = _utc(latest.get(journey.id))
        if enrolled is not None and enrolled > _utc(skip.decided_at):
            continue  # it has enrolled in the journey since: nothing left to explain
        since, eligible = _utc(skip.since), _utc(skip.eligible_from)
        days = (eligible - since).days if skip.code == "reenroll_wait" and eligible else None
        event = {"name": skip.event_name, "at": _utc(skip.event_at), "id": skip.event_client_id}
        out.append({
            "journey": {"id": journey.id, "key": journey.key, "name": journey.name,
                        "enabled": journey.enabled},
            "event": event, "code": skip.code, "since": since, "eligible_from": eligible,
            "reenroll_days": days, "decided_at": _utc(skip.decided_at),
            "message": _event_reason(skip.code, event, since, eligible, days)})
    return out


def _event_reason(code: str, event: dict, since: datetime, eligible: datetime | None,
                  days: int | None) -> str:
    what = f"“{event['name']}” on {_day(event['at'])}"
    if code == "active":
        return (f"{what} did not enroll it again: it was already active in this journey (since "
                f"{_day(since)}), and an account is never in a journey twice at once.")
    if code == "reenroll_never":
        return (f"{what} did not enroll it: it was enrolled before ({_day(since)}), and this journey "
                "enrolls an account only once.")
    if code == "reenroll_wait":
        return (f"{what} did not enroll it: its last enrollment began {_day(since)}, and the journey "
                f"enrolls an account again only {days} days after its last enrollment: from "
                f"{_day(eligible)}.")
    return f"{what} did not enroll it ({code})."
