"""Services on a migrated database, with the real machines and a tiny program."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from engine import accounts
from engine.bootstrap import bootstrap
from engine.commands import Enroll, InputValue
from engine.config import PROJECT_ROOT, Settings
from engine.programs import Weight

FIXTURE = Path(__file__).parent / "specs_fixture"


@pytest.fixture(scope="session")
def tiny_specs(tmp_path_factory) -> Path:
    specs = tmp_path_factory.mktemp("specs")
    shutil.copytree(PROJECT_ROOT / "specs" / "machines", specs / "machines")
    shutil.copy(PROJECT_ROOT / "specs" / "lifts.yaml", specs / "lifts.yaml")
    (specs / "programs").mkdir()
    shutil.copy(FIXTURE / "tiny-linear.yaml", specs / "programs")
    return specs


@pytest.fixture
def services(db_engine, tiny_specs):
    services = bootstrap(Settings(specs_dir=tiny_specs), db=db_engine)
    yield services


@pytest.fixture
def user_id(services) -> str:
    return accounts.register(
        services.uow(), "lifter@example.com", "correct horse", token_lifetime_seconds=3600
    ).account.id


@pytest.fixture
def enrolled(services, user_id) -> str:
    inputs = (InputValue("squat.work", Weight.of(100, "lb")), InputValue("bench-press.work", Weight.of(80, "lb")))
    return services.handle(Enroll(user_id, "tiny-linear", inputs)).result


@pytest.fixture
def sent(monkeypatch) -> list[bytes]:
    """Every query the driver's RawCursor sends, as its text."""
    queries: list[bytes] = []
    execute = psycopg.RawCursor.execute

    def spy(cursor, query, *args, **kwargs):
        queries.append(query if isinstance(query, bytes) else str(query).encode())
        return execute(cursor, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.RawCursor, "execute", spy)
    return queries
