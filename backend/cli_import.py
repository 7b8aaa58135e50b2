"""``flask --app backend import accounts FILE.csv|FILE.json``: bulk import with a progress bar.

JSON: a list of account objects (SPEC §5 account JSON with ``external_id``), or
``{"accounts": [...]}``. CSV: one account per row; columns are the standard
fields (``external_id``, ``name``, ``mrr``, ``stage``, ``csm``...), ``custom.<key>``
for custom attributes, and ``contact_name``/``contact_email``/``contact_role``
for one contact. Empty cells are left out. Rows go through the same validated
path as ``POST /api/accounts/bulk``, in batches of 5,000: valid rows are kept,
each invalid one is reported with its row number.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from graph_engine.catalog import ACCOUNT_FIELDS

BATCH = 5000
_NUMBER_FIELDS = {k for k, t in ACCOUNT_FIELDS.items() if t == "number"}


def read_rows(path: Path) -> list[dict]:
    """Account rows from a .json or .csv file. Raises click.ClickException for an unreadable file."""
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text())
            rows = data.get("accounts") if isinstance(data, dict) else data
            if not isinstance(rows, list):
                raise click.ClickException("The JSON file must hold a list of accounts or {\"accounts\": [...]}.")
            return rows
        if path.suffix.lower() == ".csv":
            with path.open(newline="") as handle:
                return [_csv_row(row) for row in csv.DictReader(handle)]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise click.ClickException(f"Cannot read {path}: {exc}") from None
    raise click.ClickException("The file must end in .json or .csv.")


def _csv_row(row: dict) -> dict:
    account: dict = {}
    contact = {}
    for column, value in row.items():
        if column is None or value is None or value.strip() == "":
            continue
        value = value.strip()
        if column.startswith("custom."):
            account.setdefault("custom", {})[column[7:]] = _typed(value)
        elif column.startswith("contact_"):
            contact[column[8:]] = value
        else:
            account[column] = _number(value) if column in _NUMBER_FIELDS else value
    if contact:
        account["contacts"] = [contact]
    return account


def _number(value: str):
    try:
        number = float(value)
    except ValueError:
        return value  # left for validation to report
    return int(number) if number.is_integer() else number


def _typed(value: str):
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    number = _number(value)
    return number if not isinstance(number, str) else value


def register_import(app) -> None:
    """Attach ``flask import accounts``."""
    group = click.Group("import", help="Import data.")
    app.cli.add_command(group)
    from .cli_import_events import register as register_events

    register_events(group)  # import events FILE.jsonl|.csv (SPEC §7)

    @group.command("accounts")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_accounts_command(file: Path):
        """Import accounts from FILE (.csv or .json)."""
        from .schemas.accounts import load_rows
        from .services.accounts import import_accounts

        rows = read_rows(file)
        created = updated = 0
        errors = []
        with click.progressbar(length=len(rows), label=f"Importing {len(rows):,} accounts") as bar:
            for start in range(0, len(rows), BATCH):
                chunk = rows[start:start + BATCH]
                result = import_accounts(*load_rows(chunk))
                created += result["created"]
                updated += result["updated"]
                errors += [(start + e["index"], e) for e in result["errors"]]
                bar.update(len(chunk))
        for index, error in errors:
            click.echo(f"row {index + 1} ({error['external_id']}): {error['error']['message']}", err=True)
        click.echo(f"{created} created, {updated} updated, {len(errors)} rejected")
