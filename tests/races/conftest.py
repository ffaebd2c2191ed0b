"""A real multi-worker server per database backend, on a fresh database of its own, serving
the tiny two-week program of tests/engine (cheap rounds, a progression after each session)."""

from __future__ import annotations

import os
import shutil

import pytest

from engine.config import PROJECT_ROOT
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from tests.conftest import BACKENDS, new_database
from tests.support.server import Server

TINY_PROGRAM = PROJECT_ROOT / "tests" / "engine" / "specs_fixture" / "tiny-linear.yaml"
WORKERS = 4
PORTS = range(18100, 18200)  # this branch's range, split between the xdist workers


def worker_ports() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return PORTS
    index, count = int(worker[2:]), int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    size = len(PORTS) // max(count, 1)
    return range(PORTS.start + index * size, PORTS.start + (index + 1) * size)


@pytest.fixture(scope="package")
def tiny_specs_dir(tmp_path_factory):
    specs = tmp_path_factory.mktemp("race_specs")
    shutil.copytree(PROJECT_ROOT / "specs" / "machines", specs / "machines")
    shutil.copy(PROJECT_ROOT / "specs" / "lifts.yaml", specs / "lifts.yaml")
    (specs / "programs").mkdir()
    shutil.copy(TINY_PROGRAM, specs / "programs")
    return specs


@pytest.fixture(scope="package", params=BACKENDS)
def race_backend(request) -> str:
    return request.param


@pytest.fixture(scope="package")
def race_database(race_backend, tmp_path_factory) -> str:
    url = new_database(race_backend, "races", tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    return url


@pytest.fixture(scope="package")
def server(race_database, tiny_specs_dir, tmp_path_factory):
    with Server.start(race_database, tiny_specs_dir, workers=WORKERS, ports=worker_ports(),
                      log_dir=tmp_path_factory.mktemp("race_server")) as running:
        yield running
    assert "Traceback" not in running.log(), running.log()[-5000:]


@pytest.fixture(scope="package")
def race_db(race_database):
    """An engine on the server's database, for checking its invariants (its pooled connections
    are checked before use: the recovery tests kill them with the server's)."""
    engine = make_engine(race_database)
    yield engine
    engine.dispose()
