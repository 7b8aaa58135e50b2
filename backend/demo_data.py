"""What the demo workspace holds: staff, catalog entries and ~200 generated accounts.

Plain data and one generator; ``backend.demo`` writes it through the services.
``demo_accounts(today)`` is deterministic (``random.Random(42)``) apart from
``today``, which the dates are spread around so the demo's date-based
segments (renewals, QBRs) have members whenever it is seeded.

Every account carries a health score and usage figures as custom number
attributes (``health_score`` 0–100, ``logins_30d``, ``active_users`` at most
its licenses, ``feature_adoption`` 0–100 %), so the seeds' use cases ("low
health", "high product adoption") are segments and rules as written. They
come from their own ``random.Random`` so adding them left every other
generated value as it was.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

CSMS = [("asha@example.com", "Asha Rao"), ("bruno@example.com", "Bruno Costa"),
        ("chen@example.com", "Chen Wei")]
SALES_MANAGER = ("dana@example.com", "Dana Okafor")

ATTRIBUTES = [("health_score", "Health score (0-100)", "number"),
              ("logins_30d", "Logins in the last 30 days", "number"),
              ("active_users", "Active users (30 days)", "number"),
              ("feature_adoption", "Feature adoption (%)", "number"),
              ("nps", "NPS score", "number"),
              ("touches", "CSM touches", "number"),
              ("renewal_risk", "Renewal risk", "text"),
              ("qbr_on", "Next QBR on", "date")]
MILESTONES = [("first-report", "First report built")]
OUTCOMES = [("renewed", "Renewed")]
PLAYBOOKS = [("renewal-rescue", "Renewal rescue", 14), ("onboarding-call", "Onboarding call", 7)]

TEMPLATES = [
    ("onboarding-1", "Welcome to Journeys, {{ account.name }}",
     "Hi {{ contact.name }},\n\nWelcome aboard! Here is how {{ account.name }} can send its first "
     "report in ten minutes.\n\n{{ csm.name }}"),
    ("onboarding-2", "Three tips for {{ account.name }}",
     "Hi {{ contact.name }},\n\nYour team is off to a good start. Three features our best customers "
     "use in their first month: scheduled reports, shared dashboards and alerts.\n\n{{ csm.name }}"),
    ("value-recap", "What {{ account.name }} achieved this year",
     "Hi {{ contact.name }},\n\nBefore your renewal on {{ account.next_billing_on }}, here is a recap "
     "of what your team achieved with us.\n\n{{ csm.name }}"),
    ("invoice-reminder", "A reminder about your open invoice",
     "Hi {{ contact.name }},\n\nOur records show an unpaid invoice for {{ account.name }}. If it is "
     "already on its way, thank you and please ignore this note.\n\n{{ csm.name }}"),
    ("qbr-reminder", "Our quarterly review on {{ custom.qbr_on }}",
     "Hi {{ contact.name }},\n\nA reminder that our quarterly business review with {{ account.name }} "
     "is coming up on {{ custom.qbr_on }}. Reply with the topics you want to cover.\n\n{{ csm.name }}"),
    ("review-request", "Would you share your experience, {{ contact.name }}?",
     "Hi {{ contact.name }},\n\n{{ account.name }} is one of our most active customers. Would you "
     "write a short review on G2? It takes five minutes and helps other teams find us.\n\n"
     "{{ csm.name }}"),
]

_within_next = lambda prop, days: {"property": prop, "op": "within_next", "value": {"days": days}}  # noqa: E731
SEGMENTS = [
    ("new-accounts", "New accounts", {"all": [{"property": "account.stage", "op": "eq", "value": "new"}]}),
    ("new-low-touch", "New accounts, low touch", {"all": [
        {"property": "account.stage", "op": "in", "value": ["new", "onboarding"]},
        {"property": "account.mrr", "op": "lt", "value": 1500}]}),
    ("unpaid-invoices", "Unpaid invoices", {"all": [
        {"property": "subscription.status", "op": "eq", "value": "past_due"}]}),
    ("qbr-in-7-days", "QBR in the next 7 days", {"all": [_within_next("custom.qbr_on", 7)]}),
    ("renewal-90d", "Renewal in the next 90 days", {"all": [
        _within_next("account.next_billing_on", 90),
        {"property": "account.stage", "op": "eq", "value": "live"}]}),
    ("renewal-60d", "Renewal in the next 60 days", {"all": [
        _within_next("account.next_billing_on", 60),
        {"property": "account.stage", "op": "eq", "value": "live"}]}),
    ("high-adoption", "High product adoption", {"all": [
        {"property": "custom.feature_adoption", "op": "gte", "value": 70},
        {"property": "custom.logins_30d", "op": "gte", "value": 40}]}),
    ("low-health", "Low health", {"all": [
        {"property": "custom.health_score", "op": "lt", "value": 40},
        {"property": "account.status", "op": "eq", "value": "active"}]}),
]
HEALTHY, UNHEALTHY = 70, 40  # health_score bands: >= 70 healthy, < 40 low

_FIRST = ["Ana", "Ben", "Carla", "Dev", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kiri",
          "Lena", "Marco", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara"]
_LAST = ["Silva", "Nguyen", "Okoro", "Schmidt", "Haddad", "Kowalski", "Tanaka", "Moreau", "Ivanova",
         "Mensah", "Lindqvist", "Patel"]
_NAME_A = ["Northwind", "Bluebird", "Copper", "Evergreen", "Granite", "Harbor", "Juniper", "Kestrel",
           "Lumen", "Maple", "Nimbus", "Orchard", "Pioneer", "Quarry", "Redwood", "Summit", "Tidal",
           "Vertex", "Willow", "Zenith"]
_NAME_B = ["Analytics", "Logistics", "Health", "Labs", "Foods", "Robotics", "Media", "Energy",
           "Systems", "Studios"]
_PLANS = [("Starter", 49.0), ("Growth", 99.0), ("Enterprise", 199.0)]
_STAGES = ["new"] * 20 + ["onboarding"] * 20 + ["live"] * 50 + ["churned"] * 10
CONTACT_ROLES = ("admin", "billing", "user")


def _contacts(rng: random.Random, domain: str) -> list[dict]:
    picked = rng.sample(range(len(_FIRST) * len(_LAST)), rng.randint(1, 3))
    out = []
    for i, n in enumerate(picked):
        first, last = _FIRST[n % len(_FIRST)], _LAST[n // len(_FIRST)]
        out.append({"name": f"{first} {last}", "email": f"{first.lower()}.{last.lower()}@{domain}",
                    "role": CONTACT_ROLES[min(i, 2)]})
    return out


# Where the demo's customers are (SPEC §8 account time zones; send windows use them).
TIMEZONES = ("Europe/Berlin", "America/New_York", "Europe/London", "America/Los_Angeles", "Asia/Singapore")


def _usage(rng: random.Random, stage: str, engaged: bool, seats: int, logins: int) -> dict:
    """Health and usage attributes that agree with the account's stage and engagement."""
    if engaged:
        adoption, health = rng.randint(70, 100), rng.randint(HEALTHY, 100)
    elif stage == "churned":
        adoption, health = rng.randint(0, 30), rng.randint(0, UNHEALTHY - 1)
    else:
        adoption = rng.randint(5, 69)
        health = rng.randint(10, 89) if logins >= 5 else rng.randint(5, 45)
    active = max(1, round(seats * adoption / 100 * rng.uniform(0.6, 1.0))) if logins else 0
    return {"health_score": health, "active_users": min(active, seats), "feature_adoption": adoption}


def demo_accounts(today: date, count: int = 200) -> list[dict]:
    """Account JSON rows (SPEC §5, with ``external_id``), the same every time for one ``today``."""
    rng = random.Random(42)
    usage_rng = random.Random(4242)
    rows = []
    for i in range(1, count + 1):
        name = f"{_NAME_A[(i - 1) % len(_NAME_A)]} {_NAME_B[(i - 1) // len(_NAME_A) % len(_NAME_B)]}"
        slug = name.lower().replace(" ", "-")
        stage = rng.choice(_STAGES)
        plan, unit = rng.choice(_PLANS)
        seats = rng.randint(2, 40)
        mrr = unit * seats
        age = rng.randint(2, 20) if stage == "new" else rng.randint(20, 365)
        created = today - timedelta(days=age)
        billing = today + timedelta(days=rng.randint(1, 120))
        status = "churned" if stage == "churned" else "active"
        sub_status = ("cancelled" if stage == "churned" else
                      "past_due" if rng.random() < 0.12 else "active")
        engaged = stage == "live" and rng.random() < 0.45
        custom = {
            "logins_30d": rng.randint(40, 120) if engaged else rng.randint(0, 39),
            "nps": rng.randint(8, 10) if engaged else rng.randint(0, 10),
            "touches": rng.randint(0, 6),
        }
        custom.update(_usage(usage_rng, stage, engaged, seats, custom["logins_30d"]))
        if stage == "live":
            custom["renewal_risk"] = rng.choice(["low", "low", "medium", "high"])
            custom["qbr_on"] = (today + timedelta(days=rng.randint(1, 60))).isoformat()
        row = {
            "external_id": f"acct-{i:03d}", "name": name, "stage": stage, "status": status,
            "mrr": mrr, "amount": mrr * 12, "licenses": seats,
            "created_on": created.isoformat(), "next_billing_on": billing.isoformat(),
            "sales_manager": SALES_MANAGER[0], "custom": custom,
            "timezone": TIMEZONES[i % len(TIMEZONES)],
            "contacts": _contacts(rng, f"{slug}.example.com"),
            "subscriptions": [{
                "status": sub_status, "product_name": "Journeys Cloud", "plan_name": plan,
                "plan_quantity": seats, "plan_unit_price": unit, "mrr": mrr,
                "amount": mrr * 12, "created_on": created.isoformat(),
                "activated_on": created.isoformat(), "starts_on": created.isoformat(),
                "next_billing_on": billing.isoformat(),
                **({"cancelled_on": today.isoformat()} if stage == "churned" else {}),
            }],
        }
        if stage != "new":  # new accounts get a CSM from the round-robin journey
            row["csm"] = CSMS[i % len(CSMS)][0]
        rows.append(row)
    return rows


def first_report_accounts(rows: list[dict]) -> list[str]:
    """External ids that have built their first report: most live accounts, some onboarding ones."""
    rng = random.Random(7)
    return [r["external_id"] for r in rows
            if (r["stage"] == "live" and rng.random() < 0.8)
            or (r["stage"] == "onboarding" and rng.random() < 0.25)]
