"""The demo workspace seeded on the first start: complete, valid, one journey live, and once only."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from backend.demo import seed_demo
from backend.demo_data import SEGMENTS, TEMPLATES
from backend.demo_journeys import ENABLED_KEY, lay_out
from backend.extensions import db
from backend.models.accounts import Account, Contact, Subscription
from backend.models.journeys import Journey
from backend.models.segments import Segment, SegmentMembership
from backend.services.journeys import validate_graph
from backend.services.catalog import catalog_json

from .journey_workspace import EXAMPLES


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_fills_the_workspace_once(app_ctx):
    lines = seed_demo(True)
    assert len(lines) == 1 and "200 accounts" in lines[0]
    assert _count(Account) == 200
    assert _count(Subscription) == 200
    assert _count(Contact) >= 200
    catalog = catalog_json()
    assert {u["email"] for u in catalog["users"]} >= {"asha@example.com", "bruno@example.com",
                                                       "chen@example.com"}
    assert {t["key"] for t in catalog["templates"]} == {key for key, _, _ in TEMPLATES}
    for key, _, _ in SEGMENTS:   # every segment has members today, so every journey can be tried
        segment_id = db.session.scalar(select(Segment.id).where(Segment.key == key))
        assert _count(SegmentMembership, SegmentMembership.segment_id == segment_id) > 0, key

    journeys = list(db.session.scalars(select(Journey).order_by(Journey.key)))
    assert len(journeys) == 7
    for journey in journeys:
        assert journey.published_version == 1, journey.key
        assert validate_graph(journey.draft_graph, self_key=journey.key) == [], journey.key
        assert all("x" in n["ui"] and "y" in n["ui"] for n in journey.draft_graph["nodes"])
    assert [j.key for j in journeys if j.enabled] == [ENABLED_KEY]

    assert seed_demo(True) == []   # marked done: a second start adds nothing
    assert _count(Account) == 200 and _count(Journey) == 7


def test_no_seed_means_nothing_is_written(app_ctx):
    assert seed_demo(False) == []
    assert _count(Account) == 0 and _count(Journey) == 0


def test_the_shared_examples_validate_against_the_demo_catalog(app_ctx):
    seed_demo(True)
    for path in sorted(EXAMPLES.glob("*.json")):
        assert validate_graph(json.loads(path.read_text())) == [], path.name


def test_layout_is_top_to_bottom_with_branches_side_by_side():
    graph = json.loads((EXAMPLES / "onboarding-drip.json").read_text())
    lay_out(graph)
    ui = {n["id"]: n["ui"] for n in graph["nodes"]}
    chain = ["start", "welcome", "wait3", "used"]
    assert [ui[n]["y"] for n in chain] == sorted({ui[n]["y"] for n in chain})
    assert ui["tips"]["y"] == ui["call"]["y"] > ui["used"]["y"]
    assert ui["tips"]["x"] < ui["used"]["x"] < ui["call"]["x"]   # yes on the left, no on the right
    assert ui["done"]["y"] > ui["tips"]["y"] and ui["done"]["x"] == ui["used"]["x"]
    assert ui["goal"]["x"] == ui["exit"]["x"] > max(ui[n]["x"] + 220 for n in ui if n not in ("goal", "exit"))


def test_demo_accounts_carry_health_and_usage(app_ctx):
    from datetime import date

    from backend.demo_data import ATTRIBUTES, demo_accounts

    assert {"health_score", "logins_30d", "active_users", "feature_adoption"} <= {
        key for key, _, kind in ATTRIBUTES if kind == "number"}
    rows = demo_accounts(date(2026, 1, 1))
    for row in rows:
        custom = row["custom"]
        assert 0 <= custom["health_score"] <= 100 and 0 <= custom["feature_adoption"] <= 100
        assert 0 <= custom["active_users"] <= row["licenses"]
        assert isinstance(row["licenses"], int)
    healths = {r["custom"]["health_score"] for r in rows}
    assert min(healths) < 40 and max(healths) >= 70   # both ends of the seeds' use cases exist


def test_low_health_and_high_adoption_are_segments_with_members(app_ctx):
    from backend.services.accounts import get_account

    seed_demo(True)
    for key, prop in (("low-health", "custom.health_score"), ("high-adoption", "custom.feature_adoption")):
        segment = db.session.scalar(select(Segment).where(Segment.key == key))
        assert prop in json.dumps(segment.rule)
        ids = db.session.scalars(select(Account.external_id).join(
            SegmentMembership, SegmentMembership.account_id == Account.id).where(
            SegmentMembership.segment_id == segment.id))
        for external_id in ids:
            custom = get_account(external_id)["custom"]
            if key == "low-health":
                assert custom["health_score"] < 40
            else:
                assert custom["feature_adoption"] >= 70


def test_the_renewal_journey_reads_the_health_score(app_ctx):
    seed_demo(True)
    graph = db.session.scalar(select(Journey.draft_graph).where(Journey.key == "renewal-90-days"))
    health = next(n for n in graph["nodes"] if n["id"] == "health")
    assert health["config"]["rule"] == {"all": [{"property": "custom.health_score", "op": "lt", "value": 40}]}
