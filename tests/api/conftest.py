"""API test fixtures: the app on each database backend, driven through a contract-checking client."""

from __future__ import annotations

import pytest

from api.app import create_app
from engine import catalog
from engine.accounts import FAST_HASHING_ENV
from engine.bootstrap import bootstrap
from tests.support.http import ApiClient

LIFTS = [("squat", "Squat"), ("bench-press", "Bench press"), ("deadlift", "Deadlift"), ("overhead-press", "Overhead press")]


@pytest.fixture
def services(db_engine, monkeypatch):
    monkeypatch.setenv(FAST_HASHING_ENV, "1")  # argon2id at test cost: same code path, fast
    return bootstrap(db=db_engine)


@pytest.fixture
def app(services):
    return create_app(services)


@pytest.fixture
def client(app) -> ApiClient:
    return ApiClient(app)


@pytest.fixture
def lifts(services) -> list[tuple[str, str]]:
    catalog.sync_lifts(services.uow(), LIFTS)
    return LIFTS


@pytest.fixture
def client_with_test_routes(services) -> ApiClient:
    """The app plus the throw-away resources of tests/api/extra_routes.py."""
    from tests.api.extra_routes import MODULE

    return ApiClient(create_app(services, extra_modules=[MODULE]))
