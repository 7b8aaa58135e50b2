"""Secrets for webhook headers (SPEC §9), and the signing secret of X-Journeys-Signature.

Values are write-only: encrypted at rest (``outbound.secret_box``, Fernet), never returned,
logged or audited (the audit entry says that a value was set, not what it is).

- ``list_secrets()`` → ``{"items": [{"name", "description", "created_at", "updated_at"}],
  "signing": {"exists", "created_at"}}``;
- ``put_secret(name, value, description)`` — create or replace; returns the item and whether
  it was created;
- ``delete_secret(name)`` — NotFound when absent;
- ``rotate_signing()`` → ``{"value", "created_at"}``: a new signing secret, shown this once.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from .. import clock
from ..errors import Invalid, NotFound
from ..extensions import db
from ..models.webhooks import Secret
from ..outbound import secret_box
from . import audit
from .unit_of_work import transaction

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{0,63}$")
MAX_VALUE = 10_000


def _item(row: Secret) -> dict:
    return {"name": row.name, "description": row.description, "created_at": row.created_at,
            "updated_at": row.updated_at}


def list_secrets() -> dict:
    """Every secret's name and dates (never a value), and whether a signing secret exists."""
    rows = db.session.scalars(select(Secret).order_by(Secret.name)).all()
    signing = next((r for r in rows if r.name == secret_box.SIGNING), None)
    return {"items": [_item(r) for r in rows if r.name != secret_box.SIGNING],
            "signing": {"exists": signing is not None,
                        "created_at": signing.updated_at if signing else None}}


def put_secret(name: str, value: str, description: str | None = None) -> tuple[dict, bool]:
    """Create or replace a secret; returns (item, created). Raises Invalid for a bad name or
    value."""
    if not NAME.match(name or ""):
        raise Invalid("A secret's name is 1–64 letters, digits and underscores, starting with a "
                      "letter or digit.", details=[{"code": "bad_value", "message": "bad name"}])
    if not isinstance(value, str) or not value or len(value) > MAX_VALUE or "\n" in value or "\r" in value:
        raise Invalid(f"A secret's value is one line of 1–{MAX_VALUE} characters.",
                      details=[{"code": "bad_value", "message": "bad value"}])
    with transaction():
        row = db.session.get(Secret, name)
        created = row is None
        now = clock.now()
        if created:
            row = Secret(name=name, created_at=now)
            db.session.add(row)
        row.ciphertext = secret_box.encrypt(value)
        row.description = description
        row.updated_at = now
        audit.record("secret.create" if created else "secret.update", "secret", name,
                     f"{'Created' if created else 'Replaced'} secret {name}",
                     {"name": name, "value": {"from": None if created else "[set]", "to": "[set]"}})
    return _item(row), created


def delete_secret(name: str) -> None:
    with transaction():
        row = db.session.get(Secret, name) if name != secret_box.SIGNING else None
        if row is None:
            raise NotFound(f"No secret named {name!r}.")
        db.session.delete(row)
        audit.record("secret.delete", "secret", name, f"Deleted secret {name}", {"name": name})


def rotate_signing() -> dict:
    """A new signing secret (the old one stops working at once); its value is returned this
    once and never again."""
    value = secret_box.new_signing_value()
    with transaction():
        row = db.session.get(Secret, secret_box.SIGNING)
        now = clock.now()
        if row is None:
            row = Secret(name=secret_box.SIGNING, created_at=now, description="signs X-Journeys-Signature")
            db.session.add(row)
        row.ciphertext = secret_box.encrypt(value)
        row.updated_at = now
        audit.record("secret.signing_rotate", "secret", "signing", "Made a new webhook signing secret",
                     {"signing_secret": {"from": "[set]", "to": "[set]"}})
    return {"value": value, "created_at": now}
