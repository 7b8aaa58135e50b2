"""A workspace that defines every name the shared example journeys use, written
straight to the tables (so these tests do not depend on the catalog APIs), plus
helpers to make accounts, enrollments and step logs for stats tests."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select

from backend.extensions import db
from backend.models.accounts import Account
from backend.models.achievements import Milestone, Outcome
from backend.models.attributes import AttributeDefinition
from backend.models.enrollments import Enrollment, StepLog
from backend.models.journeys import Journey, JourneyVersion
from backend.models.playbooks import Playbook
from backend.models.segments import Segment
from backend.models.templates import EmailTemplate
from backend.models.users import StaffUser

# The repository's copy of the shared examples (the front end's converter tests use it too).
EXAMPLES = Path(__file__).resolve().parents[2] / "frontend" / "src" / "graph" / "fixtures"


def example(name: str) -> dict:
    """One of the shared example graphs (journey/v1 JSON)."""
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def seed_workspace(app) -> None:
    """Segments, templates, users, attributes, milestone, outcome, playbook the examples name."""
    rule = {"all": [{"property": "account.mrr", "op": "gt", "value": 0}]}
    with app.app_context():
        for key in ("new-accounts", "new-low-touch", "renewal-90d"):
            db.session.add(Segment(key=key, name=key.title(), rule=rule))
        for key in ("onboarding-1", "onboarding-2", "value-recap", "intro", "kickoff"):
            db.session.add(EmailTemplate(key=key, subject=f"{key} for {{{{ account.name }}}}",
                                         body="Hi {{ contact.name }}, {{ csm.name }} here."))
        for email, name in (("asha@example.com", "Asha"), ("bruno@example.com", "Bruno"),
                            ("chen@example.com", "Chen")):
            db.session.add(StaffUser(email=email, name=name, role="csm"))
        for key, kind in (("touches", "number"), ("logins_30d", "number"), ("nps", "number"),
                          ("renewal_risk", "text")):
            db.session.add(AttributeDefinition(key=key, label=key, type=kind))
        db.session.add(Milestone(key="first-report", name="First report"))
        db.session.add(Outcome(key="renewed", name="Renewed"))
        db.session.add(Playbook(key="renewal-rescue", name="Renewal rescue", due_in_days=14))
        db.session.commit()


def add_account(app, external_id: str, name: str | None = None, **fields) -> int:
    """Insert an account; returns its id."""
    with app.app_context():
        account = Account(external_id=external_id, external_id_ci=external_id.casefold(),
                          name=name or external_id.title(), name_ci=(name or external_id).casefold(), **fields)
        db.session.add(account)
        db.session.commit()
        return account.id


def add_enrollment(app, journey_id: int, account_id: int, *, status="active", node=None, goal=False,
                   steps=(), version=1) -> int:
    """Insert an enrollment on ``version`` with step logs ``[(node_id, type, outcome), ...]``."""
    with app.app_context():
        version_row = db.session.scalar(select(JourneyVersion).where(
            JourneyVersion.journey_id == journey_id, JourneyVersion.version == version))
        now = datetime.now(timezone.utc)
        enrollment = Enrollment(journey_id=journey_id, journey_version_id=version_row.id, version=version,
                                account_id=account_id, status=status, current_node=node,
                                goal_achieved_at=now if goal else None,
                                ended_at=None if status == "active" else now)
        db.session.add(enrollment)
        db.session.flush()
        for seq, (node_id, kind, outcome) in enumerate(steps, start=1):
            db.session.add(StepLog(enrollment_id=enrollment.id, journey_id=journey_id, seq=seq,
                                   node_id=node_id, type=kind, outcome=outcome,
                                   at=now - timedelta(minutes=len(steps) - seq), detail={"n": seq}))
        enrollment.step_seq = len(steps)
        db.session.commit()
        return enrollment.id


def row_counts(app) -> dict:
    """Rows per table of this half of the schema (to prove a failed request wrote nothing)."""
    with app.app_context():
        return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                for model in (Journey, JourneyVersion, EmailTemplate, Enrollment, StepLog)}
