"""E2E fixtures: a ``frontend`` factory over the real app, whose exchanges can feed the guide.

With POWERPRO_GUIDE_DIR set, each SQLite run writes its exchanges to <dir>/<test module>.json,
which `powerpro docs --recordings <dir>` turns into docs/frontend-guide.md.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from tests.e2e.frontend import Frontend


@pytest.fixture
def frontend(client, catalog, request, migrated_url):
    made: list[Frontend] = []

    def make(program: str, unit: str = "lb") -> Frontend:
        app = Frontend(client, program, unit)
        made.append(app)
        return app

    yield make
    directory = os.environ.get("POWERPRO_GUIDE_DIR")
    if directory and migrated_url.startswith("sqlite") and made:
        name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
        exchanges = [dataclasses.asdict(e) for app in made for e in app.exchanges]
        record = {"test": request.node.name, "doc": request.function.__doc__, "exchanges": exchanges}
        path = Path(directory) / f"{name}.{request.node.originalname}.json"
        path.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")
