"""Recorded exchanges: what the generated documents are made of.

With POWERPRO_GUIDE_DIR=<dir> set, the SQLite run of each E2E test (tests/e2e/conftest.py) writes
its exchanges to ``<dir>/<module>.<test>.json``, and each test that asks for the ``recorder``
fixture (tests/support/api_fixtures.py) writes those of its clients to ``<dir>/api/...``.
`powerpro docs --recordings <dir>` turns them into docs/frontend-guide.md and api/examples.json
(the examples of the OpenAPI document), so every example there is an answer a test checked.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RECORDINGS_ENV = "POWERPRO_GUIDE_DIR"
API_SUBDIRECTORY = "api"  # recordings of API tests; the guide reads only the E2E ones


@dataclass
class Exchange:
    step: str
    method: str
    path: str
    request: Any
    status: int
    response: Any  # the JSON body, the text of any other body, or None
    operation: str | None = None  # the operationId the path and method name in /openapi.json
    authorized: bool = False  # sent with `Authorization: Bearer <token>`
    content_type: str | None = None


def exchange(step: str, method: str, path: str, body: Any, result, operation: str | None,
             authorized: bool) -> Exchange:
    content_type = (result.headers.get("content-type") or "").split(";")[0] or None
    response = result.json if content_type and content_type.endswith("json") else result.text or None
    return Exchange(step, method, path, body, result.status_code, response, operation, authorized, content_type)


def recordings_directory(database_url: str) -> Path | None:
    """Where to record, if recording was asked for; only SQLite runs record (one copy per test)."""
    directory = os.environ.get(RECORDINGS_ENV)
    return Path(directory) if directory and database_url.startswith("sqlite") else None


def write_recording(path: Path, request, exchanges: list[Exchange]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"test": request.node.name, "module": request.module.__name__, "doc": request.function.__doc__,
              "exchanges": [dataclasses.asdict(e) for e in exchanges]}
    path.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")


def recording_name(request) -> str:
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    return f"{module}.{request.node.originalname}"
