"""E2E fixtures: a ``frontend`` factory over the real app, whose exchanges can feed the guide.

With POWERPRO_GUIDE_DIR set, each SQLite run writes its exchanges to <dir>/<module>.<test>.json,
which `powerpro docs --recordings <dir>` turns into docs/frontend-guide.md and the examples of
the OpenAPI document (tests/support/recording.py).
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import Frontend
from tests.support.recording import recording_name, recordings_directory, write_recording


@pytest.fixture
def frontend(client, catalog, request, migrated_url):
    made: list[Frontend] = []

    def make(program: str, unit: str = "lb") -> Frontend:
        app = Frontend(client, program, unit)
        made.append(app)
        return app

    yield make
    directory = recordings_directory(migrated_url)
    if directory and made:
        exchanges = [e for app in made for e in app.exchanges]
        write_recording(directory / f"{recording_name(request)}.json", request, exchanges)
