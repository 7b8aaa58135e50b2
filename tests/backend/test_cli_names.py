"""``flask token create`` and ``flask user create`` name things as the API does
(``schemas.common.Name``): the spaces around a name go, and a blank one is refused with
a clear message and a non-zero exit, nothing written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.models.users import ApiToken, StaffUser


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("blank", ["", "   ", "\t \n"])
def test_token_create_refuses_a_blank_name(app, clean, blank):
    result = app.test_cli_runner().invoke(args=["token", "create", "--role", "csm", "--name", blank])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--name': Name cannot be blank." in result.output
    assert "jrn_" not in result.output and _count(app, ApiToken) == 0


@pytest.mark.parametrize("blank", ["", "   "])
def test_user_create_refuses_a_blank_name(app, clean, blank):
    result = app.test_cli_runner().invoke(args=[
        "user", "create", "--email", "dana@example.com", "--name", blank, "--role", "csm"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--name': Name cannot be blank." in result.output
    assert _count(app, StaffUser) == 0


def test_both_keep_a_name_without_the_spaces_around_it(app, clean):
    runner = app.test_cli_runner()
    token = runner.invoke(args=["token", "create", "--role", "csm", "--name", "  ci-bot "])
    assert token.exit_code == 0, token.output
    assert token.output.startswith("Token for ci-bot (csm);")
    user = runner.invoke(args=["user", "create", "--email", "dana@example.com", "--name", " Dana Scully  ",
                               "--role", "csm"])
    assert user.exit_code == 0, user.output
    with app.app_context():
        assert db.session.scalars(select(ApiToken.name)).all() == ["ci-bot"]
        assert db.session.scalars(select(StaffUser.name)).all() == ["Dana Scully"]


def test_a_name_too_long_is_refused_as_the_api_refuses_it(app, clean):
    result = app.test_cli_runner().invoke(args=["token", "create", "--role", "csm", "--name", "x" * 201])
    assert result.exit_code == 2 and "At most 200 characters." in result.output
    assert _count(app, ApiToken) == 0
