"""The workspace's names a journey graph may refer to.

- ``build_catalog()`` → ``graph_engine.Catalog`` for validation: segment,
  template, playbook, milestone, outcome and journey keys, staff emails (and which
  are read-only support staff) and custom attribute types. Contact roles are free text on contacts, so any
  role is accepted (a journey may be written before those contacts exist).
- ``catalog_json()`` → the pickers' lists for ``GET /api/catalog``:
  ``{"segments": [{"key","name"}], "templates": [{"key","subject"}],
  "playbooks": [{"key","name","due_in_days"}], "users": [{"email","name","role"}],
  "milestones": [...], "outcomes": [...], "attributes": [{"key","label","type"}],
  "journeys": [{"key","name"}], "contact_roles": ["admin", ...]}``, and the rule
  language's words from ``graph_engine.catalog.vocabulary()``: ``"fields"`` (standard
  account and subscription fields with their types) and ``"operators"``.
"""
from __future__ import annotations

from sqlalchemy import select

from graph_engine.catalog import Catalog, vocabulary

from ..extensions import db
from ..models.accounts import Contact
from ..models.achievements import Milestone, Outcome
from ..models.attributes import AttributeDefinition
from ..models.journeys import Journey
from ..models.playbooks import Playbook
from ..models.segments import Segment
from ..models.templates import EmailTemplate
from ..models.users import CANNOT_OWN_TASKS, StaffUser


def _keys(model) -> list[str]:
    return list(db.session.scalars(select(model.key)))


def build_catalog() -> Catalog:
    """The validation catalog from the database (a handful of key-only queries)."""
    attributes = dict(db.session.execute(select(AttributeDefinition.key, AttributeDefinition.type)).all())
    return Catalog.build(
        segments=_keys(Segment), templates=_keys(EmailTemplate), playbooks=_keys(Playbook),
        users=db.session.scalars(select(StaffUser.email)), milestones=_keys(Milestone),
        outcomes=_keys(Outcome), journeys=_keys(Journey), attributes=attributes,
        contact_roles=None, secrets=_secret_names(),
        support_users=db.session.scalars(select(StaffUser.email)
                                         .where(StaffUser.role.in_(CANNOT_OWN_TASKS))),
    )


def _secret_names() -> list[str]:
    """Names of the secrets webhook headers may use (not the signing secret)."""
    from ..models.webhooks import Secret

    return [n for n in db.session.scalars(select(Secret.name)) if not n.startswith("_")]


def _rows(*columns, order_by) -> list[dict]:
    names = [c.key for c in columns]
    return [dict(zip(names, row)) for row in db.session.execute(select(*columns).order_by(order_by))]


def catalog_json() -> dict:
    """Everything the inspector's pickers list, sorted by key (see module docstring)."""
    roles = db.session.scalars(select(Contact.role).where(Contact.role.is_not(None))
                               .distinct().order_by(Contact.role))
    return {
        "segments": _rows(Segment.key, Segment.name, order_by=Segment.key),
        "templates": _rows(EmailTemplate.key, EmailTemplate.subject, order_by=EmailTemplate.key),
        "playbooks": _rows(Playbook.key, Playbook.name, Playbook.due_in_days, order_by=Playbook.key),
        "users": _rows(StaffUser.email, StaffUser.name, StaffUser.role, order_by=StaffUser.email),
        "milestones": _rows(Milestone.key, Milestone.name, order_by=Milestone.key),
        "outcomes": _rows(Outcome.key, Outcome.name, order_by=Outcome.key),
        "attributes": _rows(AttributeDefinition.key, AttributeDefinition.label, AttributeDefinition.type,
                            order_by=AttributeDefinition.key),
        "journeys": _rows(Journey.key, Journey.name, order_by=Journey.key),
        "contact_roles": list(roles),
        **vocabulary(),
    }
