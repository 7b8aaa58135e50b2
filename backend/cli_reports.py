"""``flask --app backend reports rebuild [--journey ID]``: recount the report rollups.

The rollups are kept as the engine writes (``backend/db/report_rollups.py``); this recounts
them from enrollments and step logs in one transaction (``services.reporting_rollups``), for
one journey or every one, and prints how many rows and how long it took.
"""
from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup


def register_reports(app: Flask) -> None:
    """Attach the ``reports`` command group to ``app.cli``."""
    group = AppGroup("reports", help="Report rollups (SPEC §11).")
    app.cli.add_command(group)

    @group.command("rebuild")
    @click.option("--journey", "journey_id", type=int, default=None,
                  help="Only this journey's rollups (default: every journey).")
    def rebuild(journey_id):
        """Recount the daily report rollups from enrollments and step logs."""
        from .errors import ApiError
        from .services.reporting_rollups import rebuild as run

        started = time.perf_counter()
        try:
            rows = run(journey_id)
        except ApiError as exc:
            raise click.ClickException(exc.message) from None
        what = f"journey {journey_id}" if journey_id is not None else "every journey"
        click.echo(f"Rebuilt {rows} rollup rows for {what} in {time.perf_counter() - started:.2f} s")
