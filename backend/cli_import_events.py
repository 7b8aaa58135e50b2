"""``flask --app backend import events FILE.jsonl|FILE.csv``: product events with a progress bar.

JSONL: one SPEC §7 event object per line (``{"id", "account", "name", "at",
"properties"}``). CSV: columns ``id``, ``account``, ``name``, ``at`` and
``properties`` (a JSON object as text) or ``properties.<key>`` columns (numbers
and true/false are typed; empty cells left out). The file is read as it goes and
sent through the same path as ``POST /api/events`` in batches of 10,000: valid
rows are kept, duplicates (an ``id`` seen before) change nothing, each bad row is
reported with its line number.
"""
from __future__ import annotations

import csv
import json
from itertools import islice
from pathlib import Path
from typing import Iterator

import click

BATCH = 10_000


def _typed(value: str):
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number


def _csv_event(row: dict):
    event: dict = {}
    props: dict = {}
    for column, value in row.items():
        if column is None or value is None or value.strip() == "":
            continue
        value = value.strip()
        if column == "properties":
            try:
                props.update(json.loads(value))
            except (json.JSONDecodeError, TypeError, ValueError):
                return value  # not an object: the row's own error
        elif column.startswith("properties."):
            props[column[len("properties."):]] = _typed(value)
        else:
            event[column] = value
    if props:
        event["properties"] = props
    return event


def read_events(path: Path) -> Iterator:
    """Raw events from a .jsonl or .csv file, one per line (a bad line yields its text)."""
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".csv"):
        raise click.ClickException("The file must end in .jsonl or .csv.")
    try:
        with path.open(newline="" if suffix == ".csv" else None, encoding="utf-8") as handle:
            if suffix == ".csv":
                for row in csv.DictReader(handle):
                    yield _csv_event(row)
                return
            for line in handle:
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError:
                        yield line.strip()[:80]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise click.ClickException(f"Cannot read {path}: {exc}") from None


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return max(0, sum(1 for line in handle if line.strip()) - (path.suffix.lower() == ".csv"))


def register(group: click.Group) -> None:
    """Attach ``import events`` to the ``import`` command group."""

    @group.command("events")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_events_command(file: Path):
        """Import product events from FILE (.jsonl or .csv)."""
        from .services.events import ingest

        total = _count_lines(file)
        accepted = duplicates = 0
        errors = []
        rows = read_events(file)
        done = 0
        with click.progressbar(length=total, label=f"Importing {total:,} events") as bar:
            while True:
                chunk = list(islice(rows, BATCH))
                if not chunk:
                    break
                result = ingest(chunk, bulk=True)  # follow-ups on the bulk lane: people's changes first
                accepted += result["accepted"]
                duplicates += result["duplicates"]
                errors += [(done + e["index"], e["error"]) for e in result["errors"]]
                done += len(chunk)
                bar.update(len(chunk))
        for index, error in errors[:1000]:
            click.echo(f"line {index + 1 + (file.suffix.lower() == '.csv')}: {error['message']}", err=True)
        click.echo(f"{accepted} accepted, {duplicates} duplicates, {len(errors)} rejected")
