"""The gunicorn master's reload decisions, without processes (tests/api/test_several_servers.py
runs the real thing)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from cli.server import Loaded, PowerProServer, ServiceLogger, gunicorn_options
from engine.spec_files import SpecError, SpecErrors


def _loaded(**programs: str) -> Loaded:
    services = SimpleNamespace(spec_versions=lambda: {"machines": [], "programs": programs})
    return Loaded(app=object(), services=services)


def _server(first: Loaded, *loads) -> PowerProServer:
    """A server serving ``first``; each reload takes the next of ``loads`` (raised if an error)."""
    queue = list(loads)

    def load() -> Loaded:
        outcome = queue.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return PowerProServer(gunicorn_options("127.0.0.1", 18299, 4), first, load=load)


def test_a_reload_that_loads_hands_the_new_app_to_the_next_workers(caplog):
    first, second = _loaded(a="1" * 64, b="2" * 64), _loaded(a="1" * 64, b="3" * 64)
    server = _server(first, second)
    assert server.wsgi() is first.app

    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        assert server.load_next() is True
        server.reload()

    assert server.wsgi() is second.app
    assert "specs reloaded: 2 programs; new versions: b 333333333333" in caplog.text


@pytest.mark.parametrize("failure", [
    SpecErrors([SpecError("programs/a.yaml", 3, "weeks", "must not be empty"),
                SpecError("programs/b.yaml", 9, "name", "is required")]),
    SystemExit("POWERPRO_WORKERS must be a whole number, got 'x'"),
])
def test_a_reload_that_fails_keeps_the_app_and_says_why_on_one_line(caplog, failure):
    first = _loaded(a="1" * 64)
    server = _server(first, failure)

    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        assert server.load_next() is False
        server.reload()  # what gunicorn would not even call: it changes nothing either

    assert server.wsgi() is first.app
    [record] = caplog.records
    assert record.levelname == "ERROR" and "\n" not in record.getMessage()
    assert record.getMessage().startswith("powerpro: reload refused, still serving the specs loaded before: ")
    if isinstance(failure, SpecErrors):
        assert "programs/a.yaml:3: weeks: must not be empty; programs/b.yaml:9: name: is required" in caplog.text


def test_gunicorn_builds_no_access_line_of_its_own(monkeypatch):
    """The API logs each request itself; gunicorn's logger, configured as ``powerpro serve``
    configures it (a logging config given), is given a request and builds nothing."""
    server = _server(_loaded(a="1"))
    server.cfg.set("logconfig_dict", {"version": 1, "disable_existing_loggers": False})
    logger = server.cfg.logger_class(server.cfg)

    def built(*_args):
        raise AssertionError("gunicorn built its access line")

    monkeypatch.setattr(logger, "atoms", built)
    assert server.cfg.logger_class is ServiceLogger
    assert logger.access(SimpleNamespace(status="200 OK"), SimpleNamespace(), {}, None) is None
