"""The gunicorn master behind ``powerpro serve``.

The master loads, validates and syncs the specs once and forks workers that already hold them
(``preload_app``), so a worker boots in milliseconds and only the master writes the start-up
rows. gunicorn's HUP re-runs the application's ``reload`` in the master, then starts the new
workers before it stops the old ones; with ``preload_app`` it would keep the app it already
has, so the master loads the specs again itself first. A reload that fails (a broken spec, a
database that does not answer) is one log line and changes nothing: the running workers stay.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.glogging import Logger

from api.gunicorn_worker import REQUEST_LIMITS
from engine import metrics
from engine.bootstrap import Services

log = logging.getLogger("gunicorn.error")  # gunicorn's own log: its master's lines go there


@dataclass(frozen=True)
class Loaded:
    """What the master hands every worker it forks: the WSGI app and the services behind it."""

    app: Callable
    services: Services


def load_app() -> Loaded:
    """Load and validate every spec, mirror them into the database, build the app."""
    from api.app import create_app  # the API only once ``serve`` runs: the CLI's other commands do not need it
    from engine.bootstrap import bootstrap

    services = bootstrap()
    # Connections opened by the sync must not be shared by the workers forked from here.
    services.db.dispose()
    return Loaded(create_app(services), services)


def gunicorn_options(host: str, port: int, workers: int) -> dict:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "preload_app": True,
        # The API logs each request itself (api/telemetry.py), with its id, route, user and code.
        "accesslog": None,
        "logger_class": ServiceLogger,
        "errorlog": "-",
        "timeout": 30,
        "proc_name": "powerpro",
        # gunicorn 24+ opens a control socket at one fixed path; two servers on a host would collide.
        "control_socket_disable": True,
        **REQUEST_LIMITS,
    }


class ServiceLogger(Logger):
    """gunicorn's logger without its access line: the API logs each request itself, with what
    gunicorn cannot know (``api/telemetry.py``). gunicorn's line is off in the logging config
    (``engine/logs.py``), yet with a logging config given gunicorn still built it, every field
    of it, before the logger dropped it (a tenth of a read's profile)."""

    def access(self, resp, req, environ, request_time) -> None:
        return None


class PowerProServer(BaseApplication):
    """gunicorn, configured in code, serving ``loaded``; each HUP builds the next with ``load``."""

    def __init__(self, options: dict, loaded: Loaded, load: Callable[[], Loaded] = load_app) -> None:
        self.options = options
        self._load = load
        self.loaded = loaded
        self._next: Loaded | None = None
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            if name in self.cfg.settings:  # settings newer than the installed gunicorn are skipped
                self.cfg.set(name, value)
        self.cfg.set("pre_fork", self._pre_fork)
        self.cfg.set("post_fork", self._post_fork)

    def load(self) -> Callable:
        return self.loaded.app

    def run(self) -> None:
        """``BaseApplication.run`` with the arbiter below."""
        try:
            PowerProArbiter(self).run()
        except RuntimeError as error:
            raise SystemExit(f"Error: {error}") from None

    def load_next(self) -> bool:
        """On HUP, in the master: load the specs again; whether they loaded."""
        try:
            self._next = self._load()
        # The master must outlive any failed reload; SystemExit is how a bad setting is refused.
        except (Exception, SystemExit) as error:  # noqa: BLE001
            log.error("powerpro: reload refused, still serving the specs loaded before: %s", one_line(error))
            return False
        return True

    def reload(self) -> None:
        """gunicorn's reload: its settings, then the specs ``load_next`` loaded for the next workers."""
        super().reload()
        if self._next is not None:
            before = self.loaded.services.spec_versions()["programs"]
            self.loaded, self._next = self._next, None
            self.callable = self.loaded.app
            # The previous specs may go now (cycles too); _pre_fork freezes the new ones.
            gc.unfreeze()
            gc.collect()
            log.info("powerpro: specs reloaded: %s", _changes(before, self.loaded.services.spec_versions()["programs"]))

    @staticmethod
    def _pre_fork(_arbiter, _worker) -> None:
        # Python's advice for fork without exec: the loaded specs move to the permanent generation,
        # so no worker's collector writes to their pages (copy-on-write); a worker then exits in
        # a fraction of a second instead of seconds, which matters while a reload replaces them.
        gc.freeze()

    def _post_fork(self, _arbiter, _worker) -> None:
        # SQLAlchemy's advice for forked processes: never use a connection of the parent's pool.
        self.loaded.services.db.dispose(close=False)
        # Made here, in the worker and before its threads start (gthread), so never twice at once.
        metrics.make_in_this_process()


class PowerProArbiter(Arbiter):
    def handle_hup(self) -> None:
        """gunicorn's HUP (new workers, then the old ones stopped) only once the new specs loaded."""
        if self.app.load_next():
            super().handle_hup()


def _changes(before: dict[str, str], after: dict[str, str]) -> str:
    changed = [f"{slug} {version[:12]}" for slug, version in sorted(after.items()) if before.get(slug) != version]
    gone = sorted(set(before) - set(after))
    return (f"{len(after)} programs; new versions: {', '.join(changed) or 'none'}"
            + (f"; no longer loaded: {', '.join(gone)}" if gone else ""))


def one_line(error: BaseException) -> str:
    """An error's message on one line (a SpecErrors lists one mistake per line)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return f"{type(error).__name__}: {'; '.join(lines)}"
