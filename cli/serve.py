"""``powerpro serve``: the API under gunicorn, ``settings.workers`` processes on one database."""

from __future__ import annotations

import os

import click

from engine.config import settings
from engine.db.migrations import Migrator

from .migrate import database_option
from .server import PowerProServer, gunicorn_options


@click.command()
@click.option("--host", default=lambda: settings().host, show_default="POWERPRO_HOST or 127.0.0.1")
@click.option("--port", type=click.IntRange(1, 65535), default=lambda: settings().port, show_default="PORT or 8000")
@click.option("--workers", type=click.IntRange(min=1), default=lambda: settings().workers,
              show_default="POWERPRO_WORKERS or 2")
@database_option
def serve(host: str, port: int, workers: int, database_url: str) -> None:
    """Serve the HTTP API (against DATABASE_URL). `kill -HUP` the master to reload the specs."""
    os.environ["DATABASE_URL"] = database_url  # what bootstrap reads, at start and on every reload
    _refuse_unmigrated(database_url)
    # Loads, validates and syncs the specs here, once: a bad spec or setting stops the command.
    server = PowerProServer(gunicorn_options(host, port, workers))
    click.echo(f"powerpro: serving http://{host}:{port} with {workers} worker(s)")
    server.run()


def _refuse_unmigrated(database_url: str) -> None:
    migrator = Migrator(database_url)
    try:
        pending = [status.id for status in migrator.status() if not status.applied]
    finally:
        migrator.close()
    if pending:
        raise click.ClickException(f"{len(pending)} migration(s) pending ({pending[0]}...): run `powerpro migrate apply`")
