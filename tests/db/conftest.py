"""A fresh, empty database per test (both engines) and a Migrator on it."""

from __future__ import annotations

import pytest

from engine.db.migrations import Migrator
from tests.conftest import BACKENDS, new_database


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path_factory):
    return new_database(request.param, request.node.originalname[5:30], tmp_path_factory)


@pytest.fixture
def migrator(empty_url):
    migrator = Migrator(empty_url)
    yield migrator
    migrator.close()
