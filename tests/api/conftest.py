"""API-only fixtures; the shared HTTP fixtures live in tests/support/api_fixtures.py."""

from __future__ import annotations

import pytest

from api.app import create_app
from tests.support.browser import browser  # noqa: F401 - a fixture: one headless chromium per module
from tests.support.http import ApiClient


@pytest.fixture
def client_with_test_routes(services) -> ApiClient:
    """The app plus the throw-away resources of tests/api/extra_routes.py."""
    from tests.api.extra_routes import MODULE

    return ApiClient(create_app(services, extra_modules=[MODULE]))
