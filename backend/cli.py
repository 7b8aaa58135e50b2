"""``flask --app backend <command>``: the processes and admin commands.

- ``serve``      the web app on a production WSGI server (waitress)
- ``worker``     an RQ worker (run several for more throughput)
- ``scheduler``  moves due work from the database to the queue
- ``token create --role R --name N``  prints a new API token as its last line (a blank name is refused)
- ``token list [--active]``  every token: id, name, role, created, last used, revoked
- ``token revoke --name N | --id I``  revokes a token (all active ones of that name)
- ``user create --email E --name N --role R --password P``  a staff user who can log in (name as
  the API takes it: trimmed, never blank)
- ``import accounts FILE.csv|FILE.json``  bulk import with a progress bar (``cli_import``)
- ``reports rebuild [--journey ID]``  recount the report rollups (``cli_reports``)
"""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .models.users import STAFF_ROLES, TOKEN_ROLES


def _name(_ctx, param, value):
    """``--name`` under the API's rule (``schemas.common.Name``): the spaces around it go, and an
    empty or blank one is refused (exit 2, "Invalid value for '--name': Name cannot be blank.")."""
    from marshmallow import ValidationError

    from .schemas.common import Name

    try:
        return Name().deserialize(value)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, list) else [str(exc.messages)]
        raise click.BadParameter(" ".join(messages), param=param) from None


def _when(moment) -> str:
    """A stored time as ``YYYY-MM-DD HH:MM`` UTC, or '' for None."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def register_cli(app: Flask) -> None:
    """Attach the commands to ``app.cli``."""

    @app.cli.command("serve")
    @click.option("--host", default=None, help="Listen address (default HOST or 127.0.0.1).")
    @click.option("--port", default=None, type=int, help="Port (default PORT or 5000).")
    @click.option("--threads", default=8, show_default=True)
    def serve(host, port, threads):
        """Serve the web app and the built front end."""
        from waitress import serve as waitress_serve

        app_ = current_app._get_current_object()
        import gc

        # The app's long-lived objects leave the collector's view: a 10,000-event POST (SPEC §7)
        # spent ~145 ms of its ~450 ms in full collections walking them; with this, ~20 ms.
        gc.freeze()
        waitress_serve(app_, host=host or app_.config["HOST"], port=port or app_.config["PORT"],
                       threads=threads, ident="journeys", clear_untrusted_proxy_headers=True)

    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
    @click.option("--name", default=None, help="Worker name (default host.pid).")
    @click.option("--interactive-only", is_flag=True,
                  help="Take only interactive work (people's changes, retries), never bulk walks.")
    def worker(burst, name, interactive_only):
        """Run an RQ worker that walks enrollments."""
        from .worker import run_worker

        run_worker(current_app._get_current_object(), burst=burst, name=name,
                   interactive_only=interactive_only)

    @app.cli.command("scheduler")
    @click.option("--interval", default=0.25, show_default=True, help="Seconds between rounds.")
    def scheduler(interval):
        """Move due work (waits, retries, lost jobs) onto the queue."""
        from .jobs.ticks import TICKS
        from .scheduler import run_scheduler

        run_scheduler(current_app._get_current_object(), TICKS, interval=interval)

    from .cli_import import register_import

    register_import(app)
    from .cli_reports import register_reports

    register_reports(app)
    # AppGroup: every command runs in an app context (under `flask` and Flask's CliRunner alike)
    token_group = AppGroup("token", help="API tokens.")
    user_group = AppGroup("user", help="Staff users.")
    app.cli.add_command(token_group)
    app.cli.add_command(user_group)

    @token_group.command("create")
    @click.option("--role", required=True, type=click.Choice(TOKEN_ROLES))
    @click.option("--name", required=True, callback=_name, help="Who or what uses the token.")
    def token_create(role, name):
        """Create an API token; prints it as the last line (it is stored hashed)."""
        from .services.users import create_token

        click.echo(f"Token for {name} ({role}); keep it secret, it is not shown again:")
        click.echo(create_token(role, name))

    @token_group.command("list")
    @click.option("--active", is_flag=True, help="Only tokens that still work.")
    def token_list(active):
        """List API tokens (never their secrets), with when each was last used."""
        from .services.users import list_tokens

        tokens = list_tokens(include_revoked=not active)
        if not tokens:
            click.echo("No API tokens.")
            return
        click.echo(f"{'ID':>5}  {'NAME':<24} {'ROLE':<8} {'CREATED (UTC)':<17} {'LAST USED (UTC)':<17} STATUS")
        for t in tokens:
            status = f"revoked {_when(t['revoked_at'])}" if t["revoked_at"] else "active"
            click.echo(f"{t['id']:>5}  {t['name'][:24]:<24} {t['role']:<8} {_when(t['created_at']):<17} "
                       f"{_when(t['last_used_at']) or 'never':<17} {status}")

    @token_group.command("revoke")
    @click.option("--name", default=None, help="Revoke every active token with this name.")
    @click.option("--id", "token_id", default=None, type=int, help="Revoke the token with this id.")
    def token_revoke(name, token_id):
        """Revoke API tokens by name or id; they are refused from the next request on."""
        from .errors import ApiError
        from .services.users import revoke_token, revoke_tokens_named

        if (name is None) == (token_id is None):
            raise click.UsageError("Give exactly one of --name and --id.")
        try:
            revoked = revoke_tokens_named(name) if name is not None else [revoke_token(token_id)]
        except ApiError as exc:
            raise click.ClickException(exc.message) from None
        for t in revoked:
            click.echo(f"Revoked token {t['id']} ({t['name']}, {t['role']})")

    @user_group.command("create")
    @click.option("--email", required=True)
    @click.option("--name", required=True, callback=_name, help="What people see (not blank).")
    @click.option("--role", required=True, type=click.Choice(STAFF_ROLES))
    @click.option("--password", default=None, help="Lets the user log in to the UI.")
    def user_create(email, name, role, password):
        """Create a staff user."""
        from .errors import ApiError
        from .services.users import create_user

        try:
            user = create_user(email, name, role, password)
        except ApiError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Created {user['role']} {user['email']}")
