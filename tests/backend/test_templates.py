"""Email templates: CRUD, syntax checks, the sandboxed renderer and previews."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.rendering.templating import TemplateError, merge_context, render_email, render_text
from backend.extensions import db
from backend.models.accounts import Contact
from backend.models.attributes import AccountAttributeValue, AttributeDefinition
from backend.models.accounts import Account
from backend.models.users import StaffUser

from .journey_workspace import add_account, example, row_counts, seed_workspace

TEMPLATE = {"key": "welcome", "subject": "Welcome, {{ account.name }}!",
            "body": "Hi {{ contact.name }},\n{{ csm.name }} will call. MRR {{ account.mrr }}."}


def test_crud(client, admin_headers):
    created = client.post("/api/templates", json=TEMPLATE, headers=admin_headers)
    assert created.status_code == 201
    assert created.get_json()["key"] == "welcome" and created.get_json()["created_at"]
    assert client.get("/api/templates/welcome", headers=admin_headers).get_json()["subject"] == TEMPLATE["subject"]
    updated = client.patch("/api/templates/welcome", json={"subject": "Hello"}, headers=admin_headers)
    assert updated.status_code == 200 and updated.get_json()["subject"] == "Hello"
    assert updated.get_json()["body"] == TEMPLATE["body"]
    items = client.get("/api/templates", headers=admin_headers).get_json()["items"]
    assert [t["key"] for t in items] == ["welcome"]
    assert client.delete("/api/templates/welcome", headers=admin_headers).status_code == 204
    assert client.get("/api/templates/welcome", headers=admin_headers).status_code == 404


def test_duplicate_key_and_bad_syntax_write_nothing(app, client, admin_headers):
    client.post("/api/templates", json=TEMPLATE, headers=admin_headers)
    before = row_counts(app)
    assert client.post("/api/templates", json=TEMPLATE, headers=admin_headers).status_code == 409
    broken = dict(TEMPLATE, key="broken", body="Hi {{ contact.name ")
    response = client.post("/api/templates", json=broken, headers=admin_headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"][0]["field"] == "body"
    bad_key = client.post("/api/templates", json=dict(TEMPLATE, key="has space"), headers=admin_headers)
    assert bad_key.status_code == 422
    unknown = client.post("/api/templates", json=dict(TEMPLATE, key="x", extra=1), headers=admin_headers)
    assert unknown.status_code == 422
    patch = client.patch("/api/templates/welcome", json={"subject": "{% if %}"}, headers=admin_headers)
    assert patch.status_code == 422
    assert row_counts(app) == before
    assert client.get("/api/templates/welcome", headers=admin_headers).get_json()["subject"] == TEMPLATE["subject"]


def test_only_admins_write_templates(client, csm_headers, support_headers):
    assert client.post("/api/templates", json=TEMPLATE, headers=csm_headers).status_code == 403
    assert client.post("/api/templates", json=TEMPLATE, headers=support_headers).status_code == 403
    assert client.get("/api/templates", headers=support_headers).status_code == 200


def test_preview_with_sample_account_json(app, client, admin_headers):
    with app.app_context():
        db.session.add(StaffUser(email="asha@example.com", name="Asha", role="csm"))
        db.session.commit()
    client.post("/api/templates", json=TEMPLATE, headers=admin_headers)
    sample = {"name": "Acme", "mrr": 1200, "csm": "Asha@example.com",
              "contacts": [{"name": "Ann", "email": "ann@acme.test", "role": "admin"}]}
    response = client.post("/api/templates/welcome/preview", json={"account": sample}, headers=admin_headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"subject": "Welcome, Acme!",
                                   "body": "Hi Ann,\nAsha will call. MRR 1200.", "html_body": None}
    chosen = client.post("/api/templates/welcome/preview",
                         json={"account": sample, "contact": {"name": "Bob"}}, headers=admin_headers)
    assert chosen.get_json()["body"].startswith("Hi Bob,")
    assert client.post("/api/templates/nope/preview", json={"account": sample},
                       headers=admin_headers).status_code == 404


def test_preview_with_a_stored_account(app, client, admin_headers):
    account_id = add_account(app, "acme-1", "Acme Corp", mrr=99.0)
    with app.app_context():
        csm = StaffUser(email="chen@example.com", name="Chen", role="csm")
        db.session.add_all([csm, AttributeDefinition(key="logins_30d", label="Logins", type="number")])
        db.session.flush()
        account = db.session.get(Account, account_id)
        account.csm_id = csm.id
        db.session.add(Contact(account_id=account_id, name="Dee", email="dee@acme.test", role="admin"))
        db.session.add(AccountAttributeValue(account_id=account_id, key="logins_30d", num_value=7.0))
        db.session.commit()
    client.post("/api/templates", json={"key": "t", "subject": "{{ account.name }}",
                                        "body": "{{ contact.name }}/{{ csm.name }}/{{ account.custom.logins_30d }}"
                                                "/{{ account.mrr }}"},
                headers=admin_headers)
    response = client.post("/api/templates/t/preview", json={"account": "acme-1"}, headers=admin_headers)
    assert response.get_json() == {"subject": "Acme Corp", "body": "Dee/Chen/7/99", "html_body": None}
    missing = client.post("/api/templates/t/preview", json={"account": "ghost"}, headers=admin_headers)
    assert missing.status_code == 404


def test_a_template_an_enabled_journey_sends_cannot_be_deleted(app, client, admin_headers):
    seed_workspace(app)
    journey = client.post("/api/journeys", json={"key": "drip", "name": "Drip", "graph": example("onboarding-drip")},
                          headers=admin_headers).get_json()
    client.post(f"/api/journeys/{journey['id']}/publish", headers=admin_headers)
    client.post(f"/api/journeys/{journey['id']}/enable", headers=admin_headers)
    refused = client.delete("/api/templates/onboarding-1", headers=admin_headers)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["details"] == {"journeys": ["drip"]}
    assert client.delete("/api/templates/intro", headers=admin_headers).status_code == 204


def test_renderer_is_sandboxed_and_forgiving():
    context = merge_context({"name": "Acme", "custom": {}}, {"name": "Asha"}, None)
    assert render_text("{{ account.name }} {{ contact.name }}|{{ account.custom.nope.deeper }}", context) == "Acme |"
    with pytest.raises(TemplateError, match="unsafe"):
        render_text("{{ ().__class__.__bases__[0].__subclasses__() }}", context)
    with pytest.raises(TemplateError):
        render_text("{{ range(10**9) | list }}", context)
    with pytest.raises(TemplateError, match="line 1"):
        render_text("{% for x in %}", context)
    subject, body = render_email("Hi {{ account.name }}\r\nBcc: evil@x.test", "Body\n", context)
    assert subject == "Hi Acme Bcc: evil@x.test" and body == "Body\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_plain_text_renders_exactly_as_jinja_would(source):
    """Text without template syntax skips Jinja: it must come out as Jinja renders it."""
    from backend.rendering.templating import _env

    try:
        expected = _env.from_string(source).render(account={}, csm={}, contact={})
    except Exception:
        with pytest.raises(TemplateError):
            render_text(source, merge_context({}))
        return
    assert render_text(source, merge_context({})) == expected


_NAMES = st.sampled_from(["account", "contact", "csm", "name", "custom", "tier", "email", "items",
                          "mrr", "when", "flag", "nothing", "range", "keys"])
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False, width=32),
                    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                    st.dates(), st.lists(st.integers(), max_size=2))
_CONTEXTS = st.recursive(_VALUES, lambda inner: st.dictionaries(_NAMES, inner, max_size=4), max_leaves=12)
_PIECES = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="{}\r"), max_size=8),
    st.builds(lambda names, pad: "{{" + " " * pad + ".".join(names) + " " * pad + "}}",
              st.lists(_NAMES, min_size=1, max_size=4), st.integers(0, 2)))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=6), st.dictionaries(st.sampled_from(["account", "contact", "csm"]),
                                                      _CONTEXTS, max_size=3), st.booleans())
def test_plain_merge_fields_render_exactly_as_jinja_would(pieces, context, html):
    """Literal text and plain ``{{ a.b.c }}`` fields skip Jinja: same output, HTML escaping too,
    for missing fields, None, dates, numbers, paths through lists and names Jinja resolves
    itself (``items``, ``range``)."""
    from backend.rendering.templating import _compiled

    source = "".join(pieces)
    try:
        expected = "".join(_compiled(source, html).generate(**context))
    except Exception:
        with pytest.raises(TemplateError):
            render_text(source, context, html=html)
        return
    assert render_text(source, context, html=html) == expected


def test_a_merge_field_no_account_has_is_refused_with_the_likely_one(app, client, admin_headers):
    """``{{ account.nmae }}`` or a custom attribute that does not exist would send blank:
    saving says which and what it probably means, and writes nothing."""
    with app.app_context():
        db.session.add(AttributeDefinition(key="plan", label="Plan", type="text"))
        db.session.commit()
    before = row_counts(app)
    typo = dict(TEMPLATE, key="typo", subject="Welcome, {{ account.nmae }}!",
                body="Your {{ account.custom.plann }} plan, {{ custom.tier }}. {{ contact.name }}")
    response = client.post("/api/templates", json=typo, headers=admin_headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert [(d["field"], d["code"]) for d in error["details"]] == [
        ("subject", "unknown_merge_field"), ("body", "unknown_merge_field")]
    assert error["details"][0]["message"] == ("{{ account.nmae }} is not a merge field "
                                              "(did you mean {{ account.name }}?)")
    assert error["details"][1]["message"] == (
        "{{ account.custom.plann }} is not a merge field (did you mean {{ account.custom.plan }}?); "
        "{{ custom.tier }} is not a merge field")
    assert row_counts(app) == before
    client.post("/api/templates", json=TEMPLATE, headers=admin_headers)
    patch = client.patch("/api/templates/welcome", json={"body": "{{ csm.nmae }}"}, headers=admin_headers)
    assert patch.status_code == 422 and "{{ csm.name }}" in patch.get_json()["error"]["message"]
    fine = {"subject": "{{ custom.plan }} for {{ account.name | upper }}",
            "body": "{% for c in ['a'] %}{{ c.upper() }}{% endfor %} {{ account.csm.email }} "
                    "{{ sales_manager.name }} {{ contact.role }} {{ unsubscribe_url }}"}
    assert client.patch("/api/templates/welcome", json=fine, headers=admin_headers).status_code == 200


def test_every_merge_field_the_check_accepts_has_a_value_for_a_full_account():
    """The accepted fields are the render context's own: each renders something for an
    account with every field set (none would silently render blank)."""
    from backend.rendering.merge import context_from_snapshot
    from backend.rendering.merge_fields import known_tree, unknown_fields
    from datetime import date
    from graph_engine.catalog import ACCOUNT_FIELDS

    sample = {"text": "x", "number": 5.0, "date": date(2026, 1, 2)}
    snapshot = {"account": {f: sample[t] for f, t in ACCOUNT_FIELDS.items()},
                "custom": {"plan": "gold"}, "contacts": [{"name": "Ann", "email": "a@x.io", "role": "cto"}],
                "user": {"csm": "c@x.io", "sales_manager": "s@x.io"}}
    context = context_from_snapshot(snapshot, {"c@x.io": "Cat", "s@x.io": "Sam"})
    context["unsubscribe_url"] = "https://u"

    def leaves(tree, prefix=""):
        for name, below in tree.items():
            if below is None:
                yield prefix + name
            elif isinstance(below, dict):
                yield from leaves(below, f"{prefix}{name}.")

    fields = list(leaves(known_tree(["plan"])))
    assert len(fields) > 20
    for field in fields:
        assert unknown_fields("{{ %s }}" % field, ["plan"]) == []
        assert render_text("{{ %s }}" % field, context) not in ("", "None"), field


@given(st.from_regex(r"[a-z_]{1,12}", fullmatch=True))
@settings(max_examples=80, deadline=None)
def test_only_the_accounts_own_fields_are_accepted_under_account(name):
    """Under ``account.`` the check lets through exactly the standard fields and the groups."""
    from backend.rendering.merge_fields import unknown_fields
    from graph_engine.catalog import ACCOUNT_FIELDS

    accepted = unknown_fields("{{ account.%s }}" % name, []) == []
    assert accepted == (name in ACCOUNT_FIELDS or name in ("custom", "csm", "sales_manager"))
