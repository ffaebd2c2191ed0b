"""HTTP fixtures shared by the API and end-to-end tests: the app on each database backend,
driven through a contract-checking client.

Specs are loaded and validated once per backend (``loaded_services``); the rows start-up
would write (lifts, program versions) are written by the ``lifts`` and ``catalog`` fixtures,
because ``db_engine`` empties every table after each test.
"""

from __future__ import annotations

import re

import pytest

from api.app import create_app
from engine import lift_catalog
from engine.accounts import FAST_HASHING_ENV
from engine.bootstrap import bootstrap
from tests.support.http import ApiClient
from tests.support.recording import API_SUBDIRECTORY, recordings_directory, write_recording


@pytest.fixture(scope="session")
def loaded_services(shared_engine):
    return bootstrap(db=shared_engine, sync=False)


@pytest.fixture
def services(loaded_services, db_engine, monkeypatch):
    monkeypatch.setenv(FAST_HASHING_ENV, "1")  # argon2id at test cost: same code path, fast
    return loaded_services


@pytest.fixture
def app(services):
    return create_app(services)


@pytest.fixture
def client(app) -> ApiClient:
    return ApiClient(app)


@pytest.fixture
def lifts(services) -> list[tuple[str, str]]:
    """The lift catalog of specs/lifts.yaml, in the database."""
    rows = sorted((lift.slug, lift.name) for lift in services.catalog.lifts.values())
    lift_catalog.sync_lifts(services.uow(), rows)
    return rows


@pytest.fixture
def catalog(services, lifts):
    """Lifts and every program version in the database, as start-up leaves them (for E2E tests)."""
    services.catalog.sync(services.uow())
    return services.catalog


class Recorder:
    """Keeps the exchanges of the clients it watches, for the OpenAPI document's examples."""

    def __init__(self) -> None:
        self.clients: list[ApiClient] = []

    def watch(self, client: ApiClient) -> ApiClient:
        if client.recorded is None:
            client.recorded = []
            self.clients.append(client)
        return client

    def exchanges(self) -> list:
        return [e for client in self.clients for e in client.recorded]


@pytest.fixture
def recorder(client, request, migrated_url):
    """Makes this test's exchanges examples of the OpenAPI document (with POWERPRO_GUIDE_DIR set).

    Use it in an API test whose answers no E2E flow gives (an error, a rarely used endpoint):
    ``client`` is watched already; ``recorder.watch(other_client)`` adds another. Tests using it
    carry the ``examples`` mark, which `scripts/docs` runs.
    """
    watching = Recorder()
    watching.watch(client)
    yield watching
    directory = recordings_directory(migrated_url)
    if directory and watching.exchanges():
        name = re.sub(r"[^\w.-]+", "_", f"{request.module.__name__.rsplit('.', 1)[-1]}.{request.node.name}")
        write_recording(directory / API_SUBDIRECTORY / f"{name}.json", request, watching.exchanges())
