"""The demo workspace, seeded on the first ``make run`` (a ``first_start`` step).

``seed_demo(seed_demo) -> list[str]`` writes, once per database (the
``demo_seeded`` app setting marks it done; ``--no-seed`` and the tests pass
False): three CSMs and a sales manager, custom attributes, a milestone, an
outcome, playbooks, email templates, segments, ~200 accounts with
subscriptions and contacts, and six valid, published journeys, one of them
enabled (the onboarding drip, which enrolls the accounts already in its
segment so the Live view has numbers once the worker walks them).

Writes go through the services the API uses (users, templates, accounts,
journeys). Attributes, milestones, outcomes, playbooks and segments have no
service yet, so they are added as rows, and segment membership is computed
by ``segments.membership`` as a segment save would. Each item is skipped
when it already exists, so a seed interrupted half-way completes on the
next start.
"""
from __future__ import annotations

from sqlalchemy import select

from .demo_data import (ATTRIBUTES, CSMS, MILESTONES, OUTCOMES, PLAYBOOKS, SALES_MANAGER, SEGMENTS,
                        TEMPLATES, demo_accounts, first_report_accounts)
from .demo_journeys import ENABLED_KEY, demo_journeys
from .extensions import db
from .models.achievements import Milestone, Outcome
from .models.attributes import AttributeDefinition
from .models.journeys import Journey
from .models.playbooks import Playbook
from .models.segments import Segment
from .models.settings import AppSetting
from .models.templates import EmailTemplate
from .segments.compile import is_date_sensitive
from .segments.membership import recompute_segments, utc_today
from .schemas.accounts import load_rows
from .services import accounts, journeys, templates, users

SETTING = "demo_seeded"


def seed_demo(seed_demo: bool) -> list[str]:
    """Seed the demo workspace unless asked not to or already done; returns lines to print."""
    if not seed_demo or db.session.get(AppSetting, SETTING) is not None:
        return []
    _staff()
    _catalog()
    rows = demo_accounts(utc_today())
    result = accounts.import_accounts(*load_rows(rows))
    if result["errors"]:
        raise RuntimeError(f"demo accounts did not import: {result['errors'][:3]}")
    for external_id in first_report_accounts(rows):
        accounts.set_mark(external_id, "milestone", "first-report", True)
    from .clock import now as clock_now
    from .demo_events import seed_events

    seed_events(rows, clock_now())  # the last 30 days of product events (SPEC §7)
    live = _journeys()
    db.session.add(AppSetting(key=SETTING, value=utc_today().isoformat()))
    db.session.commit()
    return [f"journeys: seeded a demo workspace: {len(rows)} accounts, {len(demo_journeys())} "
            f"journeys ({live!r} is live)"]


def _staff() -> None:
    for email, name in CSMS:
        if users.find_user(email) is None:
            users.create_user(email, name, "csm")
    if users.find_user(SALES_MANAGER[0]) is None:
        users.create_user(*SALES_MANAGER, "sales_manager")


def _missing(model, key: str) -> bool:
    return db.session.scalar(select(model.id).where(model.key == key)) is None


def _catalog() -> None:
    for key, label, kind in ATTRIBUTES:
        if _missing(AttributeDefinition, key):
            db.session.add(AttributeDefinition(key=key, label=label, type=kind))
    for model, entries in ((Milestone, MILESTONES), (Outcome, OUTCOMES)):
        for key, name in entries:
            if _missing(model, key):
                db.session.add(model(key=key, name=name))
    for key, name, due in PLAYBOOKS:
        if _missing(Playbook, key):
            db.session.add(Playbook(key=key, name=name, due_in_days=due))
    new_segments = []
    for key, name, rule in SEGMENTS:
        if _missing(Segment, key):
            db.session.add(Segment(key=key, name=name, rule=rule,
                                   date_sensitive=is_date_sensitive(rule)))
            new_segments.append(key)
    db.session.flush()
    recompute_segments(new_segments, utc_today())  # empty now; accounts enter as they import
    db.session.commit()
    for key, subject, body in TEMPLATES:
        if _missing(EmailTemplate, key):
            templates.create_template(key, subject, body)


def _journeys() -> str:
    """Create, publish (and enable one of) the demo journeys; returns the live one's name."""
    created = []
    for spec in demo_journeys():
        journey = db.session.scalar(select(Journey).where(Journey.key == spec["key"]))
        if journey is None:
            journey = journeys.create_journey(spec["key"], spec["name"], spec["description"],
                                              spec["graph"])
        created.append(journey)
    live = None
    for journey in created:  # after all exist: the renewal journey names the onboarding drip
        if not journey.published_version:
            journeys.publish(journey.id, by="demo")
        if journey.key == ENABLED_KEY:
            journeys.enable(journey.id)
            live = journey.name
    return live
