"""``powerpro serve``: the API under gunicorn, ``settings.workers`` processes on one database."""

from __future__ import annotations

import os
import shutil
import tempfile

import click

from api.gunicorn_worker import WORKER_CLASSES
from engine import logs, metrics
from engine.config import Settings, settings
from engine.db.migrations import Migrator

from .migrate import database_option
from .server import PowerProServer, gunicorn_options, load_app


@click.command()
@click.option("--host", default=lambda: settings().host, show_default="POWERPRO_HOST or 127.0.0.1")
@click.option("--port", type=click.IntRange(1, 65535), default=lambda: settings().port, show_default="PORT or 8000")
@click.option("--workers", type=click.IntRange(min=1), default=lambda: settings().workers,
              show_default="POWERPRO_WORKERS or 2")
@database_option
def serve(host: str, port: int, workers: int, database_url: str) -> None:
    """Serve the HTTP API (against DATABASE_URL). `kill -HUP` the master to reload the specs."""
    os.environ["DATABASE_URL"] = database_url  # what bootstrap reads, at start and on every reload
    current = settings()
    log_setting = logs.configure(current.log)
    _refuse_unmigrated(database_url)
    # Loads, validates and syncs the specs here, once: a bad spec or setting stops the command
    # (before the metrics directory exists; loading makes no metric, they are made on first use).
    loaded = load_app()
    click.echo(f"powerpro: serving http://{host}:{port} with {workers} worker(s)")
    options = gunicorn_options(host, port, workers) | concurrency_options(current) | observability_options(
        current, log_setting)
    PowerProServer(options, loaded).run()


def concurrency_options(current: Settings) -> dict:
    # gunicorn's own refusals (request line or headers too long) as problem+json too.
    return {"worker_class": WORKER_CLASSES[current.worker_class], "threads": current.threads,
            "keepalive": current.keepalive}


def observability_options(current: Settings, log_setting: logs.LogSetting) -> dict:
    """gunicorn's own lines in the service's log format, and the metrics exporter in the master."""
    options: dict = {"logconfig_dict": logs.logging_config(log_setting)}
    if current.metrics_port is not None:
        samples = tempfile.mkdtemp(prefix="powerpro-metrics-")
        metrics.prepare_multiprocess(samples)
        options["on_exit"] = lambda server: shutil.rmtree(samples, ignore_errors=True)
        options["when_ready"] = lambda server: metrics.serve_exposition(current.metrics_port)
        options["child_exit"] = lambda server, worker: metrics.worker_exited(worker.pid)
    return options


def _refuse_unmigrated(database_url: str) -> None:
    """A bad URL, an unreachable, unmigrated or edited-migration database: one line (cli/main.py)."""
    with Migrator(database_url) as migrator:
        migrator.require_up_to_date()

