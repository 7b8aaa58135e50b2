"""``flask --app backend <command>``: the processes and admin commands.

- ``serve``      the web app on a production WSGI server (waitress)
- ``worker``     an RQ worker (run several for more throughput)
- ``scheduler``  moves due work from the database to the queue
- ``token create --role R --name N``  prints a new API token as its last line
- ``user create --email E --name N --role R --password P``  a staff user who can log in
- ``import accounts FILE.csv|FILE.json``  bulk import with a progress bar (``cli_import``)
"""
from __future__ import annotations

import click
from flask import Flask, current_app

from .models.users import STAFF_ROLES, TOKEN_ROLES


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
        waitress_serve(app_, host=host or app_.config["HOST"], port=port or app_.config["PORT"],
                       threads=threads, ident="journeys", clear_untrusted_proxy_headers=True)

    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
    @click.option("--name", default=None, help="Worker name (default host.pid).")
    def worker(burst, name):
        """Run an RQ worker that walks enrollments."""
        from .worker import run_worker

        run_worker(current_app._get_current_object(), burst=burst, name=name)

    @app.cli.command("scheduler")
    @click.option("--interval", default=0.25, show_default=True, help="Seconds between rounds.")
    def scheduler(interval):
        """Move due work (waits, retries, lost jobs) onto the queue."""
        from .jobs.ticks import TICKS
        from .scheduler import run_scheduler

        run_scheduler(current_app._get_current_object(), TICKS, interval=interval)

    from .cli_import import register_import

    register_import(app)
    token_group = click.Group("token", help="API tokens.")
    user_group = click.Group("user", help="Staff users.")
    app.cli.add_command(token_group)
    app.cli.add_command(user_group)

    @token_group.command("create")
    @click.option("--role", required=True, type=click.Choice(TOKEN_ROLES))
    @click.option("--name", required=True, help="Who or what uses the token.")
    def token_create(role, name):
        """Create an API token; prints it as the last line (it is stored hashed)."""
        from .services.users import create_token

        click.echo(f"Token for {name} ({role}); keep it secret, it is not shown again:")
        click.echo(create_token(role, name))

    @user_group.command("create")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
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
