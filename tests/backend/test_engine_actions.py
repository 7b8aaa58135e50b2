"""Each action performed for real by the engine, and what support staff see of it."""
from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError


from backend.engine import round as round_module
from backend.extensions import db
from backend.models.accounts import Account
from backend.models.settings import AppSetting
from backend.models.users import CsmClaim
from backend.models.users import StaffUser
from tests.backend.engine_helpers import worker_process


def one_action(action: dict, **entry) -> dict:
    entry_config = {"segments": ["new-accounts"], "reenroll": {"mode": "never"}, "enroll_existing": False,
                    **entry}
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": entry_config},
        {"id": "act", "type": "action", "config": action},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "act"}, {"source": "act", "target": "done"}]}


def _csm_counts(app) -> Counter:
    with app.app_context():
        rows = db.session.execute(db.select(StaffUser.email).join(Account, Account.csm_id == StaffUser.id))
        return Counter(email for (email,) in rows)


def _postgresql_only(app):
    """The tests that use this check what happens while another round is still committing:
    CSM turns and claims taken in a transaction of their own. That exists on PostgreSQL only —
    SQLite lets one transaction write at a time, so its rounds never overlap and there is no
    committing round to count (what SQLite does promise, even shares across racing workers and
    the emptiest book filled first, is tested on both databases in this file)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs two rounds at once, which only PostgreSQL allows (SQLite has one "
                        "writer at a time); `make test` runs it whenever TEST_DATABASE_URL is "
                        "PostgreSQL, as .ci/run's second pass does")


def _staff_ids(app, emails) -> dict[str, int]:
    with app.app_context():
        return {u.email: u.id for u in db.session.scalars(select(StaffUser).where(StaffUser.email.in_(emails)))}


@pytest.mark.parametrize("strategy", ["round_robin", "least_accounts"])
def test_racing_workers_share_the_accounts_out_evenly(ws, app, strategy):
    pool = ["asha@example.com", "bruno@example.com", "chen@example.com"]
    ws.journey("assign", one_action({"action": "assign_csm", "strategy": strategy, "pool": pool}))
    for i in range(12):  # one job per account, so the three workers really compete
        ws.account(f"race-{i}")
    workers = [worker_process(app, app.config["REDIS_URL"], burst=True) for _ in range(3)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0]
    ws.work()
    assert _csm_counts(app) == {"asha@example.com": 4, "bruno@example.com": 4, "chen@example.com": 4}


def test_a_round_robin_round_does_not_hold_the_pools_turns_until_it_commits(ws, app, monkeypatch):
    """Round-robin turns are taken in a transaction of their own on PostgreSQL: while a round
    that took turns is still writing, another round (another worker's, or this worker's next,
    overlapped with this one's commit) can take the pool's turns; none is handed out twice."""
    _postgresql_only(app)
    pool = ["asha@example.com", "bruno@example.com"]
    ws.journey("assign", one_action({"action": "assign_csm", "strategy": "round_robin", "pool": pool}))
    ws.account("rr-0")
    ws.work()  # asha; the pool's turn row now exists
    seen = []
    real_write = round_module.Round.write

    def write_then_take_turns_elsewhere(self):
        real_write(self)  # the round's rows are written; its commit has not happened yet
        with db.engine.connect() as other_round:
            try:
                other_round.execute(select(AppSetting.value).where(AppSetting.key.like("csm-pool:%"))
                                    .with_for_update(nowait=True)).all()
                seen.append("free")
            except OperationalError:
                seen.append("held")
            other_round.rollback()

    monkeypatch.setattr(round_module.Round, "write", write_then_take_turns_elsewhere)
    ws.account("rr-1")
    ws.account("rr-2")
    ws.work()
    assert seen and "held" not in seen, seen
    assert _csm_counts(app) == {"asha@example.com": 2, "bruno@example.com": 1}


def test_least_accounts_counts_a_round_still_committing_without_waiting_for_it(ws, app, monkeypatch):
    """On PostgreSQL a least-accounts round records what it gives as claims, committed at once:
    while it is still writing, another round can count (nothing holds the counting lock) and
    counts its accounts; at its commit the claims go as the accounts' CSMs arrive."""
    _postgresql_only(app)
    pool = ["asha@example.com", "bruno@example.com"]
    ids = _staff_ids(app, pool)
    ws.journey("assign", one_action({"action": "assign_csm", "strategy": "least_accounts", "pool": pool}))
    seen = []
    real_write = round_module.Round.write

    def write_then_count_elsewhere(self):
        real_write(self)  # the round's rows are written; its commit has not happened yet
        if not self._claimed:
            return
        with db.engine.connect() as other_round:
            other_round.execute(text("SET lock_timeout = '2s'"))
            try:
                other_round.execute(round_module._COUNTING_LOCK)
                seen.append(dict(other_round.execute(round_module._CLAIMED_COUNTS, {
                    "ids": list(ids.values()), "key": "another round"}).all()))
            except OperationalError:
                seen.append("held")
            other_round.rollback()

    monkeypatch.setattr(round_module.Round, "write", write_then_count_elsewhere)
    ws.account("la-0")
    ws.work()
    assert seen == [{ids["asha@example.com"]: 1, ids["bruno@example.com"]: 0}]
    assert _csm_counts(app) == {"asha@example.com": 1}
    with app.app_context():
        assert db.session.scalars(select(CsmClaim)).all() == []  # swapped for the account at commit


def test_least_accounts_counts_live_claims_and_forgets_a_dead_rounds(ws, app):
    """Another round's claim counts until it commits; a claim older than CLAIM_MINUTES (its round
    died before committing) no longer counts and is cleared."""
    _postgresql_only(app)
    pool = ["asha@example.com", "bruno@example.com"]
    ids = _staff_ids(app, pool)
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO csm_claims (round_key, user_id, delta, created_at) VALUES "
            "('live', :asha, 1, now()), ('dead', :bruno, 5, now() - interval '6 minutes')"),
            {"asha": ids["asha@example.com"], "bruno": ids["bruno@example.com"]})
        db.session.commit()
    ws.journey("assign", one_action({"action": "assign_csm", "strategy": "least_accounts", "pool": pool}))
    ws.account("la-0")
    ws.work()
    assert _csm_counts(app) == {"bruno@example.com": 1}  # asha has one on the way; bruno's 5 died
    with app.app_context():
        assert [c.round_key for c in db.session.scalars(select(CsmClaim))] == ["live"]


def _assign_then_touch(pool) -> dict:
    """Least accounts, then an attribute change (in the round's next wave: a step that changes the
    account ends the wave, and the wave's CSMs are chosen and claimed before the next)."""
    return {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                    "enroll_existing": False}},
        {"id": "assign", "type": "action", "config": {"action": "assign_csm", "strategy": "least_accounts",
                                                       "pool": pool}},
        {"id": "touch", "type": "action", "config": {"action": "set_attribute", "attribute": "custom.touches",
                                                      "value": 1}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "assign"}, {"source": "assign", "target": "touch"},
                  {"source": "touch", "target": "done"}]}


def _claims(app) -> list:
    with app.app_context():
        return [(c.round_key, c.user_id, c.delta) for c in db.session.scalars(select(CsmClaim))]


@pytest.mark.parametrize("batch", [500, 1], ids=["one-round", "overlapped-rounds"])
def test_a_round_that_fails_after_choosing_csms_gives_its_claims_back_at_once(ws, app, monkeypatch, batch):
    """A least-accounts round that fails after claiming (here an action of its next wave fails
    for one account) is rolled back and its accounts walked again one by one. Its claims go at
    once: left for CLAIM_MINUTES they would count on the CSMs' books and steer the retry (and
    every other round) away from those CSMs. (Claims exist on PostgreSQL only; on SQLite the
    test still checks the accounts' outcome.)"""
    from backend.engine import actions, walker
    from backend.engine.errors import ActionError
    from graph_engine import effects as fx

    monkeypatch.setattr(walker, "BATCH", batch)
    pool = ["asha@example.com", "bruno@example.com"]
    ws.journey("assign", _assign_then_touch(pool))
    ws.bulk([{"external_id": name, "name": name, "stage": "new"}  # one walk of the four
             for name in ("good-0", "good-1", "good-2", "bad-3")])
    with app.app_context():
        bad = db.session.scalar(select(Account.id).where(Account.external_id == "bad-3"))
    real = actions._HANDLERS[fx.SetAttribute]

    def fail_for_one(effect, enrollment, journey, rnd):
        if enrollment.account_id == bad:
            raise ActionError("the attribute could not be changed")
        return real(effect, enrollment, journey, rnd)

    monkeypatch.setitem(actions._HANDLERS, fx.SetAttribute, fail_for_one)
    ws.work()
    assert _claims(app) == []
    # the four share the pool as if the failed round never was: the failed account keeps the
    # CSM it was given before its attribute step failed (the steps before a failure are kept)
    assert sorted(_csm_counts(app).values()) == [2, 2]
    [bad_enrollment] = ws.timeline("bad-3")
    assert bad_enrollment["status"] == "failed"
    assert [s["outcome"] for s in bad_enrollment["steps"]][-2:] == ["done", "failed"]


@pytest.mark.parametrize("batch", [500, 1], ids=["one-round", "overlapped-rounds"])
def test_a_round_whose_commit_fails_gives_its_claims_back_at_once(ws, app, monkeypatch, batch):
    """The same when the round fails while it writes — in the walk's thread, or on the commit
    thread while the next round is walked (its transaction held its claims' rows: they go after
    the rollback). SQLite's rounds never overlap: there the write fails in the walk's thread."""
    from backend.engine import walker

    monkeypatch.setattr(walker, "BATCH", batch)
    pool = ["asha@example.com", "bruno@example.com"]
    ws.journey("assign", one_action({"action": "assign_csm", "strategy": "least_accounts", "pool": pool}))
    ws.bulk([{"external_id": f"la-{i}", "name": f"LA {i}", "stage": "new"} for i in range(4)])
    real_write = round_module.Round.write
    failed = []

    def write_then_fail_once(self):
        real_write(self)
        if self._csm_delta and not failed:  # CSMs were chosen (and, on PostgreSQL, claimed)
            failed.append(threading.current_thread().name)
            raise RuntimeError("the database went away mid-write")

    monkeypatch.setattr(round_module.Round, "write", write_then_fail_once)
    ws.work()
    with app.app_context():
        overlapped = batch == 1 and db.engine.dialect.name == "postgresql"
    assert failed == (["round-commit"] if overlapped else ["MainThread"])
    assert _claims(app) == []
    assert _csm_counts(app) == {"asha@example.com": 2, "bruno@example.com": 2}


def test_least_accounts_fills_the_emptiest_book(ws, app):
    ws.account("big-1", csm="asha@example.com", stage="live")
    ws.account("big-2", csm="asha@example.com", stage="live")
    ws.journey("assign", one_action({"action": "assign_csm", "strategy": "least_accounts",
                                     "pool": ["asha@example.com", "bruno@example.com"]}))
    ws.bulk([{"external_id": f"la-{i}", "name": f"LA {i}", "stage": "new"} for i in range(4)])
    ws.work()
    assert _csm_counts(app) == {"asha@example.com": 3, "bruno@example.com": 3}


def test_named_csm_and_the_step_log_says_who(ws):
    ws.journey("assign", one_action({"action": "assign_csm", "strategy": "named", "user": "chen@example.com"}))
    ws.account("named")
    ws.work()
    steps = {s["node_id"]: s for s in ws.timeline("named")[0]["steps"]}
    assert steps["act"]["detail"]["result"]["csm"] == "chen@example.com"
    assert ws._accounts("get_account", "named")["csm"] == "chen@example.com"


def test_assign_playbook_with_a_due_date(ws, app):
    from backend.models.playbooks import Playbook, PlaybookEnrollment

    with app.app_context():
        db.session.add(Playbook(key="rescue", name="Rescue", due_in_days=14))
        db.session.commit()
    ws.journey("pb", one_action({"action": "assign_playbook", "playbook": "rescue"}))
    ws.account("pb-acct")
    ws.work()
    with app.app_context():
        [enrollment] = db.session.scalars(db.select(PlaybookEnrollment)).all()
        assert enrollment.status == "active"
        assert (enrollment.due_on - ws.clock().date()).days == 14


def test_set_copy_clear_attributes(ws, app):
    graph = {"format": "journey/v1", "nodes": [
        {"id": "start", "type": "entry", "config": {"segments": ["new-accounts"], "reenroll": {"mode": "never"},
                                                     "enroll_existing": False}},
        {"id": "set", "type": "action", "config": {"action": "set_attribute", "attribute": "custom.touches",
                                                   "value": 5}},
        {"id": "copy", "type": "action", "config": {"action": "copy_attribute", "from": "custom.touches",
                                                    "to": "account.licenses"}},
        {"id": "clear", "type": "action", "config": {"action": "clear_attribute",
                                                     "attribute": "custom.logins_30d"}},
        {"id": "done", "type": "end"}],
        "edges": [{"source": "start", "target": "set"}, {"source": "set", "target": "copy"},
                  {"source": "copy", "target": "clear"}, {"source": "clear", "target": "done"}]}
    ws.journey("attrs", graph)
    ws.account("attrs-acct", custom={"logins_30d": 3})
    ws.work()
    account = ws._accounts("get_account", "attrs-acct")
    assert account["custom"].get("touches") == 5
    assert account["licenses"] == 5
    assert "logins_30d" not in account["custom"] or account["custom"]["logins_30d"] is None
    assert ws.timeline("attrs-acct")[0]["status"] == "completed"


def test_an_action_that_cannot_be_done_fails_the_enrollment_and_retry_resumes(ws, app):
    graph = one_action({"action": "set_attribute", "attribute": "custom.touches", "value": 1})
    journey_id = ws.journey("broken", graph)
    with app.app_context():  # the attribute disappears after publishing: the action cannot run
        from backend.models.attributes import AttributeDefinition
        db.session.execute(db.delete(AttributeDefinition).where(AttributeDefinition.key == "touches"))
        db.session.commit()
    ws.account("victim")
    ws.work()
    [enrollment] = ws.timeline("victim")
    assert enrollment["status"] == "failed"
    # support staff see the step that failed, not the entry the round began from
    assert enrollment["steps"][-1]["outcome"] == "failed"
    assert enrollment["steps"][-1]["node_id"] == "act" and enrollment["current_node"] == "act"
    assert _listed(ws, "broken")["failed"] == 1  # the journeys list tells there is one to retry
    [failed] = ws.call("GET", f"/api/journeys/{journey_id}/failed")["items"]  # the Live view's list
    assert (failed["enrollment_id"], failed["external_id"], failed["node_id"]) == (
        enrollment["id"], "victim", "act")
    assert "touches" in failed["error"]
    assert ws.call("GET", f"/api/journeys/{journey_id}/stats")["nodes"]["act"]["failed"] == 1  # canvas
    with app.app_context():
        from backend.models.attributes import AttributeDefinition
        db.session.add(AttributeDefinition(key="touches", label="Touches", type="number"))
        db.session.commit()
    ws.call("POST", f"/api/enrollments/{enrollment['id']}/retry")
    ws.work()
    [enrollment] = ws.timeline("victim")
    assert enrollment["status"] == "completed"
    assert ws._accounts("get_account", "victim")["custom"]["touches"] == 1
    assert _listed(ws, "broken")["failed"] == 0
    assert ws.call("GET", f"/api/journeys/{journey_id}/failed")["items"] == []


def test_a_failed_action_keeps_the_steps_before_it_and_retry_performs_only_what_is_left(ws, app):
    """Support staff see what the account went through before the action that failed, those
    steps' effects stay done, and Retry does the rest — each effect still exactly once."""
    ws.call("POST", "/api/templates", {"key": "vanishing", "subject": "Hi", "body": "Hello"})
    action = lambda node_id, config: {"id": node_id, "type": "action", "config": config}  # noqa: E731
    task = {"action": "create_task", "assignee": "csm", "due_in_days": 2, "priority": "high"}
    nodes = [action("call", {**task, "title": "Call them"}),
             action("count", {"action": "increase_attribute", "attribute": "custom.touches",
                              "by": 1}),  # account-changing: the walk stops, then goes on
             action("follow", {**task, "title": "Follow up"}),
             action("mail", {"action": "send_email", "template": "vanishing",
                             "to": {"contacts": "all"}})]
    graph = one_action({**task, "title": "unused"})
    graph["nodes"] = [graph["nodes"][0], *nodes, graph["nodes"][-1]]
    chain = ["start", *(n["id"] for n in nodes), "done"]
    graph["edges"] = [{"source": a, "target": b} for a, b in zip(chain, chain[1:])]
    ws.journey("kept", graph)
    with app.app_context():  # gone after publishing (the API refuses; a restore could): no email
        from backend.models.templates import EmailTemplate
        db.session.execute(db.delete(EmailTemplate).where(EmailTemplate.key == "vanishing"))
        db.session.commit()
    ws.account("kept-acct", contacts=[{"name": "Ann", "email": "ann@example.com", "role": "admin"}])
    ws.work()
    [enrollment] = ws.timeline("kept-acct")
    assert enrollment["status"] == "failed" and enrollment["current_node"] == "mail"
    assert [(s["node_id"], s["outcome"]) for s in enrollment["steps"]] == [
        ("start", "entered"), ("call", "done"), ("count", "done"), ("follow", "done"),
        ("mail", "failed")]
    assert "vanishing" in enrollment["steps"][-1]["detail"]["error"]
    assert sorted(t["title"] for t in ws.call("GET", "/api/tasks")["items"]) == [
        "Call them", "Follow up"]
    assert ws._accounts("get_account", "kept-acct")["custom"]["touches"] == 1

    ws.call("POST", "/api/templates", {"key": "vanishing", "subject": "Hi", "body": "Hello"})
    ws.call("POST", f"/api/enrollments/{enrollment['id']}/retry")
    ws.work()
    [enrollment] = ws.timeline("kept-acct")
    assert enrollment["status"] == "completed"
    assert [(s["node_id"], s["outcome"]) for s in enrollment["steps"]][-3:] == [
        ("mail", "failed"), ("mail", "done"), ("done", "completed")]
    assert len(ws.call("GET", "/api/tasks")["items"]) == 2  # nothing before the email again
    assert ws._accounts("get_account", "kept-acct")["custom"]["touches"] == 1
    [email] = ws.call("GET", "/api/outbox")["items"]
    assert email["to"] == "ann@example.com"


def test_a_round_walked_again_that_no_longer_reaches_the_failed_action_walks_on(ws, app, monkeypatch):
    """Walked again after an ActionError, the account's round may take another path (its data
    changed in between): the enrollment walks on and is not marked failed for an action it no
    longer reaches. (The change is made by handing the interpreter other data on that walk.)"""
    from backend.engine import actions, walker
    from backend.engine.errors import ActionError
    from graph_engine import effects as fx

    def always_fails(effect, enrollment, journey, rnd):
        raise ActionError("the attribute cannot be set")

    real_advance, walks = walker.ge.advance, []

    def advance(graph, state, snapshot, now, **kw):
        walks.append(state.node_id)
        if len(walks) >= 3:  # the walk again after the failure: the account no longer qualifies
            snapshot = {**snapshot, "custom": {**(snapshot.get("custom") or {}), "logins_30d": 0}}
        return real_advance(graph, state, snapshot, now, **kw)

    monkeypatch.setitem(actions._HANDLERS, fx.SetAttribute, always_fails)
    monkeypatch.setattr(walker.ge, "advance", advance)
    graph = one_action({"action": "set_attribute", "attribute": "custom.touches", "value": 3})
    graph["nodes"].insert(1, {"id": "busy", "type": "condition", "config": {"rule": {"all": [
        {"property": "custom.logins_30d", "op": "gte", "value": 5}]}}})
    graph["nodes"].insert(2, {"id": "pause", "type": "wait", "config": {"for": {"days": 1}}})
    graph["edges"] = [{"source": "start", "target": "busy"},
                      {"source": "busy", "target": "act", "branch": "yes"},
                      {"source": "busy", "target": "pause", "branch": "no"},
                      {"source": "pause", "target": "done"}, {"source": "act", "target": "done"}]
    ws.journey("path", graph)
    ws.account("path-acct", custom={"logins_30d": 9})
    ws.work()
    [enrollment] = ws.timeline("path-acct")
    assert walks[:3] == [None, None, None]  # the round, the account's own round, the walk again
    # still walking (waiting on the other path), not failed at an action it no longer reaches
    assert (enrollment["status"], enrollment["current_node"], enrollment["error"]) == ("active", "pause", None)
    assert [(s["node_id"], s["outcome"]) for s in enrollment["steps"]] == [
        ("start", "entered"), ("busy", "no"), ("pause", "waiting")]


@pytest.mark.parametrize("strategy", ["round_robin", "least_accounts"])
def test_a_pool_with_no_one_to_assign_fails_at_its_step_after_the_steps_before(ws, app, strategy):
    """A CSM from a pool is chosen after the wave; when no one in the pool can own accounts
    any more, the enrollment fails at that step, the task before it kept, and Retry assigns."""
    task = {"action": "create_task", "title": "Call them", "assignee": "csm", "due_in_days": 2,
            "priority": "high"}
    graph = one_action(task)
    graph["nodes"].insert(2, {"id": "assign", "type": "action", "config": {
        "action": "assign_csm", "strategy": strategy, "pool": ["asha@example.com"]}})
    graph["edges"] = [{"source": "start", "target": "act"}, {"source": "act", "target": "assign"},
                      {"source": "assign", "target": "done"}]
    ws.journey("pool", graph)

    def asha_role(role):
        with app.app_context():
            db.session.execute(db.update(StaffUser).where(StaffUser.email == "asha@example.com")
                               .values(role=role))
            db.session.commit()

    asha_role("support")  # support staff cannot own accounts
    ws.account("pool-acct")
    ws.work()
    [enrollment] = ws.timeline("pool-acct")
    assert enrollment["status"] == "failed" and enrollment["current_node"] == "assign"
    assert [(s["node_id"], s["outcome"]) for s in enrollment["steps"]] == [
        ("start", "entered"), ("act", "done"), ("assign", "failed")]
    assert len(ws.call("GET", "/api/tasks")["items"]) == 1
    asha_role("csm")
    ws.call("POST", f"/api/enrollments/{enrollment['id']}/retry")
    ws.work()
    [enrollment] = ws.timeline("pool-acct")
    assert enrollment["status"] == "completed"
    assert ws._accounts("get_account", "pool-acct")["csm"] == "asha@example.com"
    assert len(ws.call("GET", "/api/tasks")["items"]) == 1


def test_an_email_from_the_csm_of_an_account_with_none_goes_from_the_workspace_sender(ws):
    """Not from journeys@localhost, which real mail servers refuse: the Settings page's sender."""
    ws.call("PUT", "/api/settings", {"default_from": "success@example.com"})
    ws.journey("mail", one_action({"action": "send_email", "template": "welcome",
                                   "to": {"contacts": "all"}, "from": "csm"}))
    ws.account("no-csm", contacts=[{"name": "Ann", "email": "ann@example.com", "role": "admin"}])
    ws.work()
    [email] = ws.call("GET", "/api/outbox")["items"]
    assert (email["to"], email["from"]) == ("ann@example.com", "success@example.com")


def test_a_task_for_a_named_user_who_became_support_is_left_unassigned(ws, app):
    """Support staff are read-only and cannot complete tasks: validation refuses one as a task's
    assignee; when the person becomes support after the journey was published, the walk makes
    the task unassigned and says why, rather than give it to someone who can never close it."""
    task = one_action({"action": "create_task", "title": "Call them", "assignee": "bruno@example.com",
                       "due_in_days": 2, "priority": "high"})
    ws.journey("named", task)
    with app.app_context():
        db.session.execute(db.update(StaffUser).where(StaffUser.email == "bruno@example.com")
                           .values(role="support"))
        db.session.commit()
    problems = ws.call("POST", "/api/journeys/validate", task)["problems"]
    assert [(p["code"], p["node_id"]) for p in problems] == [("support_user", "act")]
    ws.account("named-acct")
    ws.work()
    [made] = ws.call("GET", "/api/tasks")["items"]
    assert made["assignee"] is None
    [enrollment] = ws.timeline("named-acct")
    result = enrollment["steps"][1]["detail"]["result"]
    assert result["assignee"] is None
    assert result["note"] == ("bruno@example.com is support staff (read-only) and cannot complete tasks: "
                              "the task is unassigned")


def _listed(ws, key: str) -> dict:
    return next(j for j in ws.call("GET", "/api/journeys")["items"] if j["key"] == key)


def test_an_email_merges_custom_attributes_and_the_sales_manager_however_named(ws, app):
    """``{{ custom.x }}`` (as rules name attributes, and the demo's QBR template writes it) and
    ``{{ account.custom.x }}`` (as the merge-field picker inserts it) are the same value."""
    ws.call("POST", "/api/users", {"email": "sam@example.com", "name": "Sam", "role": "csm"})
    ws.journey("merge", one_action({
        "action": "send_email", "to": {"contacts": "all"},
        "subject": "{{ custom.logins_30d }} logins",
        "body": "{{ account.custom.logins_30d }} / {{ sales_manager.name }} / {{ csm.name }}"}))
    ws.account("merger", custom={"logins_30d": 12}, sales_manager="sam@example.com",
               csm="asha@example.com")
    ws.work()
    [email] = ws.call("GET", "/api/outbox")["items"]
    assert (email["subject"], email["body"]) == ("12 logins", "12 / Sam / Asha")


def test_on_enroll_unenroll_from_other_journeys(ws):
    trial = one_action({"action": "create_task", "title": "t", "assignee": "csm", "due_in_days": 1,
                        "priority": "low"})
    trial["nodes"].insert(2, {"id": "hold", "type": "wait", "config": {"for": {"days": 30}}})
    trial["edges"] = [{"source": "start", "target": "act"}, {"source": "act", "target": "hold"},
                      {"source": "hold", "target": "done"}]
    ws.journey("trial", trial)
    ws.account("switcher")
    ws.work()
    assert ws.timeline("switcher")[0]["status"] == "active"
    main = one_action({"action": "increase_attribute", "attribute": "custom.touches", "by": 1})
    main["nodes"][0]["config"]["segments"] = ["vip"]
    main["nodes"].append({"id": "exit", "type": "exit", "config": {
        "on_goal": "complete", "on_enroll_unenroll_from": {"mode": "specific", "journeys": ["trial"]},
        "on_segment_exit": "nothing", "blacklist": None}})
    with ws.app.app_context():
        from backend.models.segments import Segment
        db.session.add(Segment(key="vip", name="VIP", rule={"all": [
            {"property": "account.mrr", "op": "gte", "value": 1000}]}))
        db.session.commit()
    ws.journey("main", main)
    ws.patch("switcher", mrr=5000)
    ws.work()
    by_journey = {e["journey_key"]: e for e in ws.timeline("switcher")}
    assert by_journey["trial"]["status"] == "unenrolled"
    assert "main" in by_journey["trial"]["reason"]
    assert by_journey["main"]["status"] == "completed"
