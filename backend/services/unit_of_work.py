"""The one place a use case's transaction ends: commit on success, roll back on any error.

Services write inside ``with transaction():`` and never call ``commit`` or
``rollback`` themselves::

    with transaction(conflict=f"A segment {key!r} already exists."):
        db.session.add(Segment(...))

- ``transaction(conflict=None)`` → a context manager yielding the session. When
  the block ends normally it commits; when the block or the commit raises, it
  rolls back and re-raises — an ``IntegrityError`` (a unique key taken
  meanwhile) as ``backend.errors.Conflict(conflict)`` when ``conflict`` is given.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Conflict
from ..extensions import db


@contextmanager
def transaction(*, conflict: str | None = None) -> Iterator[Session]:
    """Commit the block's writes, or roll them back and re-raise (see the module doc)."""
    session = db.session
    try:
        yield session
        session.commit()
    except IntegrityError:
        session.rollback()
        if conflict is None:
            raise
        raise Conflict(conflict) from None
    except BaseException:
        session.rollback()
        raise
