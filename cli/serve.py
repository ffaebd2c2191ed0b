"""``powerpro serve``: the API under gunicorn, ``settings.workers`` processes on one database."""

from __future__ import annotations

import os
import shutil
import tempfile

import click
from gunicorn.app.base import BaseApplication

from api.gunicorn_worker import REQUEST_LIMITS, WORKER_CLASSES
from engine import logs, metrics
from engine.config import Settings, settings
from engine.db.migrations import Migrator

from .migrate import database_option


class PowerProServer(BaseApplication):
    """gunicorn, configured in code; each worker builds its own services (``api.wsgi:app``)."""

    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            if name in self.cfg.settings:  # settings newer than the installed gunicorn are skipped
                self.cfg.set(name, value)

    def load(self):
        # Imported in the worker, after the fork: database connections must not cross processes.
        from api.wsgi import app

        return app


def gunicorn_options(host: str, port: int, workers: int) -> dict:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "preload_app": False,
        # The API logs each request itself (api/telemetry.py), with its id, route, user and code.
        "accesslog": None,
        "errorlog": "-",
        "timeout": 30,
        "proc_name": "powerpro",
        # gunicorn 24+ opens a control socket at one fixed path; two servers on a host would collide.
        "control_socket_disable": True,
        **REQUEST_LIMITS,
    }


@click.command()
@click.option("--host", default=lambda: settings().host, show_default="POWERPRO_HOST or 127.0.0.1")
@click.option("--port", type=click.IntRange(1, 65535), default=lambda: settings().port, show_default="PORT or 8000")
@click.option("--workers", type=click.IntRange(min=1), default=lambda: settings().workers,
              show_default="POWERPRO_WORKERS or 2")
@database_option
def serve(host: str, port: int, workers: int, database_url: str) -> None:
    """Serve the HTTP API (against DATABASE_URL)."""
    os.environ["DATABASE_URL"] = database_url  # what the workers' bootstrap reads
    current = settings()
    log_setting = logs.configure(current.log)
    _refuse_unmigrated(database_url)
    _check_start_up()
    click.echo(f"powerpro: serving http://{host}:{port} with {workers} worker(s)")
    options = gunicorn_options(host, port, workers) | concurrency_options(current) | observability_options(
        current, log_setting)
    PowerProServer(options).run()


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
    migrator = Migrator(database_url)
    try:
        pending = [status.id for status in migrator.status() if not status.applied]
    finally:
        migrator.close()
    if pending:
        raise click.ClickException(f"{len(pending)} migration(s) pending ({pending[0]}...): run `powerpro migrate apply`")


def _check_start_up() -> None:
    """Build the app once here so a bad spec or setting stops the command, not every worker."""
    from api.app import create_app
    from engine.bootstrap import bootstrap
    from engine.spec_files import SpecErrors

    try:
        services = bootstrap()
    except SpecErrors as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise SystemExit(1) from None
    try:
        create_app(services)
    finally:
        services.close()
