"""Daily report rollups (SPEC §11): kept by database triggers, rebuilt from scratch on demand.

``report_rollups`` holds one count per (journey, UTC day, metric, node, key, shard). Reports
add the rows of a date range (a few hundred rows), never scanning enrollments or step logs.

Why triggers: every path that creates an enrollment or a step log, or ends one (the walker's
rounds, enrolling, a person's unenroll or retry, a failed delivery, a publish that moves
accounts) writes in its own transaction; a trigger adds the counts in that same transaction,
so a rollup can never miss a row or count one twice, whoever wrote it. On PostgreSQL the
triggers are per statement with transition tables (a round's COPY of 5,000 step logs is one
``INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE``), on SQLite per row. Rows are
upserted in key order (no deadlock between two rounds), and on PostgreSQL into one of
``SHARDS`` rows per key chosen by the backend's pid, so two workers walking the same journey
do not wait on each other's rollup rows; reports add the shards up.

What is counted — each metric is a pure function of the rows as they are now, so a rebuild
(``rebuild_sql``) gives the same numbers as the triggers kept:

from ``enrollments`` (an UPDATE subtracts the old row's facts and adds the new row's, so a
retried failure stops counting as failed):
    ``enrolled``   day of ``enrolled_at``
    ``converted``  day of ``enrolled_at``, when the goal was achieved (cohort conversion)
    ``goal``       day of ``goal_achieved_at``
    ``ttg``        day of ``goal_achieved_at``, key = hours from enrollment to goal, bucketed:
                   whole hours below 24 h, then whole days (in hours) up to 365 days (8760)
    ``ended``      day of ``ended_at``, key = the status (completed, goal_exited, unenrolled,
                   failed) when not active
from ``step_logs`` (insert-only; day of ``at``):
    ``step``       node, key = the outcome (branch taken, ``done``, ``waiting``, …)
    ``reached``    node: an enrollment's first step at the node (a wait's ``waiting`` and
                   its later ``done`` count once); a publish's ``moved`` step is no visit, and
                   a ``failed`` or ``held`` step no pass (a retried action counts once, when
                   it is done; an email or task held for its send window or the frequency cap
                   counts when it goes; failures are in the ``ended`` counts)
    ``goal_after`` on a goal's ``achieved`` step: every node the enrollment had stepped on
                   before, once each; key = the branch for splits, else ''

Deleting accounts or enrollments does not rewrite history: the rollups keep their counts (a
rebuild recounts from what is left). Deleting a journey deletes its rollups (foreign key).
"""
from __future__ import annotations

SHARDS = 8
_KEY = "journey_id, day, metric, node_id, key"


def _day(dialect: str, column: str) -> str:
    return f"date({column})" if dialect == "sqlite" else f"(({column}) AT TIME ZONE 'UTC')::date"


def _ttg_bucket(dialect: str, goal: str, enrolled: str) -> str:
    if dialect == "sqlite":
        hours = f"max((julianday({goal}) - julianday({enrolled})) * 24.0, 0.0)"
        return (f"CAST(CASE WHEN {hours} < 24 THEN CAST({hours} AS INTEGER) WHEN {hours} < 8760 "
                f"THEN CAST({hours} / 24 AS INTEGER) * 24 ELSE 8760 END AS TEXT)")
    hours = f"greatest(extract(epoch FROM ({goal}) - ({enrolled})) / 3600.0, 0)"
    return (f"(CASE WHEN {hours} < 24 THEN floor({hours})::int WHEN {hours} < 8760 "
            f"THEN floor({hours} / 24)::int * 24 ELSE 8760 END)::text")


def _where(*conditions: str) -> str:
    kept = [c for c in conditions if c]
    return f" WHERE {' AND '.join(kept)}" if kept else ""


def enrollment_facts(dialect: str, p: str, source: str, sign: int, where: str = "") -> str:
    """SELECT of (journey_id, day, metric, node_id, key, d) for enrollments ``p`` of ``source``
    (a FROM clause, or '' for a trigger's NEW/OLD row), each fact counting ``sign``."""
    day = lambda col: _day(dialect, f"{p}.{col}")  # noqa: E731
    head = f"SELECT {p}.journey_id AS journey_id, "
    tail = f", {sign} AS d {source}"
    goal = f"{p}.goal_achieved_at IS NOT NULL"
    return " UNION ALL ".join((
        f"{head}{day('enrolled_at')} AS day, 'enrolled' AS metric, '' AS node_id, '' AS key{tail}"
        + _where(where),
        f"{head}{day('enrolled_at')}, 'converted', '', ''{tail}" + _where(goal, where),
        f"{head}{day('goal_achieved_at')}, 'goal', '', ''{tail}" + _where(goal, where),
        f"{head}{day('goal_achieved_at')}, 'ttg', '', "
        f"{_ttg_bucket(dialect, p + '.goal_achieved_at', p + '.enrolled_at')}{tail}" + _where(goal, where),
        f"{head}{day('ended_at')}, 'ended', '', {p}.status{tail}"
        + _where(f"{p}.status <> 'active'", f"{p}.ended_at IS NOT NULL", where),
    ))


def step_facts(dialect: str, p: str, source: str, where: str = "") -> str:
    """SELECT of (journey_id, day, metric, node_id, key, d) for step logs ``p`` of ``source``
    (a FROM clause, or '' for a trigger's NEW row); earlier steps are read from step_logs."""
    day = _day(dialect, f"{p}.at")
    head = f"SELECT {p}.journey_id AS journey_id, {day} AS day, "
    earlier = f"e.enrollment_id = {p}.enrollment_id AND e.seq < {p}.seq"
    # Only waits and the exit node log twice at one node in a walk (waiting, then done;
    # unenroll_from, then unenrolled): only their rows look back (an index probe each). An
    # action that waits (a webhook's 'waiting' for its answer, an email 'held' for its window
    # or the cap) is reached when it goes ('done'), like a held one: its waiting row is no pass.
    passed = f"COALESCE({p}.outcome, '') NOT IN ('moved', 'failed', 'held')"
    once = f"{p}.type NOT IN ('wait', 'exit') AND COALESCE({p}.outcome, '') <> 'waiting'"
    first = (f"{p}.type IN ('wait', 'exit') AND NOT EXISTS (SELECT 1 FROM step_logs e WHERE {earlier} "
             f"AND e.node_id = {p}.node_id AND COALESCE(e.outcome, '') NOT IN ('moved', 'failed', 'held'))")
    goal_source = f"{source}, step_logs e" if source else "FROM step_logs e"
    return " UNION ALL ".join((
        f"{head}'step' AS metric, {p}.node_id AS node_id, COALESCE({p}.outcome, '') AS key, 1 AS d "
        f"{source}" + _where(where),
        f"{head}'reached', {p}.node_id, '', 1 {source}" + _where(passed, once, where),
        f"{head}'reached', {p}.node_id, '', 1 {source}" + _where(passed, first, where),
        "SELECT journey_id, day, 'goal_after', node_id, key, 1 FROM (SELECT DISTINCT "
        f"{p}.id AS goal_step, {p}.journey_id AS journey_id, {day} AS day, e.node_id AS node_id, "
        "CASE WHEN e.type = 'split' THEN COALESCE(e.outcome, '') ELSE '' END AS key "
        f"{goal_source}" + _where(f"{p}.type = 'goal'", f"{p}.outcome = 'achieved'", earlier, where)
        + ") g",
    ))


def upsert(dialect: str, facts: str, shard: str | None = None) -> str:
    """INSERT the facts' sums into report_rollups, adding to rows that exist (key order)."""
    if shard is None:
        shard = "0" if dialect == "sqlite" else f"(pg_backend_pid() % {SHARDS})"
    target = "report_rollups" if dialect == "sqlite" else "report_rollups AS r"
    existing = "n" if dialect == "sqlite" else "r.n"
    # Grouped and ordered bytewise: the database's locale collation made sorting a round's
    # 10,000 facts cost more than the rest of the trigger (any total order keeps the upserts
    # deadlock-free, as long as every transaction uses the same one).
    text = "" if dialect == "sqlite" else ' COLLATE "C"'
    columns = f"journey_id, day, metric{text}, node_id{text}, key{text}"
    return (f"INSERT INTO {target} (journey_id, day, metric, node_id, key, shard, n) "
            f"SELECT {columns}, {shard}, SUM(d) FROM ({facts}) f WHERE 1 = 1 GROUP BY 1, 2, 3, 4, 5 "
            f"HAVING SUM(d) <> 0 ORDER BY 1, 2, 3, 4, 5 "
            f"ON CONFLICT ({_KEY}, shard) DO UPDATE SET n = {existing} + excluded.n")


_CHANGED = ("journey_id", "status", "enrolled_at", "goal_achieved_at", "ended_at")


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the rollup triggers (and their functions on PostgreSQL)."""
    if dialect == "sqlite":
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _CHANGED)
        both = (enrollment_facts(dialect, "OLD", "", -1) + " UNION ALL "
                + enrollment_facts(dialect, "NEW", "", 1))
        return [
            "CREATE TRIGGER report_enrollments_inserted AFTER INSERT ON enrollments BEGIN "
            f"{upsert(dialect, enrollment_facts(dialect, 'NEW', '', 1))}; END",
            f"CREATE TRIGGER report_enrollments_updated AFTER UPDATE ON enrollments WHEN {changed} "
            f"BEGIN {upsert(dialect, both)}; END",
            "CREATE TRIGGER report_step_logs_inserted AFTER INSERT ON step_logs BEGIN "
            f"{upsert(dialect, step_facts(dialect, 'NEW', ''))}; END",
        ]
    changed = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in _CHANGED)
    pairs = f"old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed}"
    updated = (enrollment_facts(dialect, "o", f"FROM (SELECT o.* FROM {pairs}) o", -1) + " UNION ALL "
               + enrollment_facts(dialect, "n", f"FROM (SELECT n.* FROM {pairs}) n", 1))
    functions = {
        "report_enrollments_inserted": upsert(dialect, enrollment_facts(dialect, "n", "FROM new_rows n", 1)),
        "report_enrollments_updated": upsert(dialect, updated),
        "report_step_logs_inserted": upsert(dialect, step_facts(dialect, "p", "FROM new_rows p")),
    }
    # A transition table has no statistics: left alone, the planner may hash-join it against
    # the whole of step_logs; nested loops over the (enrollment_id, seq) index read only the
    # round's own enrollments' steps.
    settings = {"report_step_logs_inserted": " SET enable_hashjoin = off SET enable_mergejoin = off"}
    ddl = [f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql{settings.get(name, '')} AS $$ "
           f"BEGIN {body}; RETURN NULL; END $$" for name, body in functions.items()]
    return ddl + [
        "CREATE TRIGGER report_enrollments_inserted AFTER INSERT ON enrollments REFERENCING "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_enrollments_inserted()",
        "CREATE TRIGGER report_enrollments_updated AFTER UPDATE ON enrollments REFERENCING "
        "OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION report_enrollments_updated()",
        "CREATE TRIGGER report_step_logs_inserted AFTER INSERT ON step_logs REFERENCING "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_step_logs_inserted()",
    ]


def drop_ddl(dialect: str) -> list[str]:
    """The statements that remove what ``trigger_ddl`` created."""
    names = ("report_enrollments_inserted", "report_enrollments_updated", "report_step_logs_inserted")
    tables = ("enrollments", "enrollments", "step_logs")
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {n}" for n in names]
    return ([f"DROP TRIGGER IF EXISTS {n} ON {t}" for n, t in zip(names, tables)]
            + [f"DROP FUNCTION IF EXISTS {n}()" for n in names])


def rebuild_sql(dialect: str, journey_filter: bool) -> list[str]:
    """Statements that recount the rollups from enrollments and step logs (``:journey`` when
    ``journey_filter``); run them in one transaction."""
    where = lambda alias: f"{alias}.journey_id = :journey" if journey_filter else ""  # noqa: E731
    delete = "DELETE FROM report_rollups" + (" WHERE journey_id = :journey" if journey_filter else "")
    return [delete,
            upsert(dialect, enrollment_facts(dialect, "x", "FROM enrollments x", 1, where("x")), "0"),
            upsert(dialect, step_facts(dialect, "p", "FROM step_logs p", where("p")), "0")]
