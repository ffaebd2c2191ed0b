"""Generated documents are current: CI fails when a spec or an endpoint changed without
`powerpro docs` being run and its output committed."""

from __future__ import annotations

import falcon.testing
from click.testing import CliRunner

from api.app import create_app
from cli.docs import DOCS, offline_services
from cli.main import cli


def test_generated_documents_are_current():
    result = CliRunner().invoke(cli, ["docs", "--check"])
    assert result.exit_code == 0, result.output


def test_the_api_reference_lists_every_endpoint_of_the_openapi_document():
    document = falcon.testing.TestClient(create_app(offline_services())).simulate_get("/openapi.json").json
    reference = (DOCS / "api.md").read_text(encoding="utf-8")
    for path, methods in document["paths"].items():
        for method in methods:
            assert f"### `{method.upper()} {path}`" in reference
