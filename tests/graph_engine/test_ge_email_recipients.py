"""send_email recipients (SPEC §2 and §12): contacts, the CSM, an account's staff
field ({"staff": ...}) or a named staff user ({"user": ...}) — validated, read into
the SendEmail effect the engine performs, and shown by simulate."""

from __future__ import annotations

from datetime import datetime

import pytest
from ge_helpers import CATALOG, edge, entry, graph, node

from graph_engine import SendEmail, parse_graph, simulate, start, validate

T0 = datetime(2026, 3, 10, 9)


def mail_graph(to):
    return graph([entry(), node("mail", "action", action="send_email", template="tips", to=to)],
                 [edge("start", "mail")])


def codes(to, catalog=CATALOG):
    return [(p.code, p.node_id) for p in validate(mail_graph(to), catalog)]


@pytest.mark.parametrize("to", [{"contacts": "all"}, {"contacts": {"role": "admin"}}, {"csm": True},
                                {"staff": "csm"}, {"staff": "sales_manager"}, {"user": "asha@example.com"},
                                {"user": "Boss@Example.com"}])
def test_every_recipient_form_is_valid(to):
    assert codes(to) == []


@pytest.mark.parametrize("to, code", [
    ({"staff": "support"}, "bad_value"), ({"staff": True}, "bad_value"), ({"staff": None}, "bad_value"),
    ({"user": "not an email"}, "bad_value"), ({"user": 7}, "wrong_type"),
    ({"user": "asha@example.com", "staff": "csm"}, "bad_value"),
    ({"user": "ghost@example.com"}, "unknown_user"),
])
def test_bad_staff_recipients_are_problems_on_the_node(to, code):
    assert codes(to) == [(code, "mail")]


def test_a_named_user_is_only_looked_up_with_a_catalog():
    assert codes({"user": "ghost@example.com"}, None) == []


def effect_for(to) -> SendEmail:
    parsed, problems = parse_graph(mail_graph(to))
    assert problems == []
    decision = start(parsed, "en", {"segments": frozenset({"trial"})}, T0)
    [effect] = decision.effects
    assert isinstance(effect, SendEmail)
    return effect


@pytest.mark.parametrize("to, fields", [
    ({"contacts": "all"}, {"to": "all_contacts", "role": None, "staff_field": None, "user": None}),
    ({"contacts": {"role": "admin"}}, {"to": "role", "role": "admin", "staff_field": None, "user": None}),
    ({"csm": True}, {"to": "csm", "role": None, "staff_field": None, "user": None}),
    ({"staff": "csm"}, {"to": "staff", "role": None, "staff_field": "csm", "user": None}),
    ({"staff": "sales_manager"}, {"to": "staff", "role": None, "staff_field": "sales_manager", "user": None}),
    ({"user": "boss@example.com"}, {"to": "user", "role": None, "staff_field": None, "user": "boss@example.com"}),
])
def test_the_effect_says_whom_to_send_to(to, fields):
    effect = effect_for(to)
    assert {name: getattr(effect, name) for name in fields} == fields
    assert effect.to_staff == (fields["to"] in ("csm", "staff", "user"))
    assert effect.staff == fields["staff_field"]   # read by either name
    assert "staff" not in effect.to_dict()          # ...but recorded once
    assert {k: effect.to_dict()[k] for k in fields} == fields


def test_simulate_shows_the_staff_recipient():
    result = simulate(mail_graph({"staff": "sales_manager"}), {"name": "Acme"}, days=1, start=T0,
                      catalog=CATALOG)
    mail = next(s for s in result["steps"] if s["node_id"] == "mail")
    assert mail["outcome"] == "done"
    assert (mail["detail"]["to"], mail["detail"]["staff_field"]) == ("staff", "sales_manager")
