"""Statuses live in one module; the enrollment lifecycle is graph_engine's."""
from __future__ import annotations

import json

from graph_engine.state import STATUSES

from backend.models.enrollments import ENROLLMENT_STATUSES
from backend.models.statuses import EnrollmentStatus, OutboxStatus


def test_enrollment_statuses_are_graph_engines():
    assert tuple(EnrollmentStatus) == STATUSES == ENROLLMENT_STATUSES


def test_members_are_their_strings():
    assert OutboxStatus.SENDING == "sending"
    assert json.dumps({"status": EnrollmentStatus.GOAL_EXITED}) == '{"status": "goal_exited"}'
    assert f"{EnrollmentStatus.ACTIVE}" == "active"
