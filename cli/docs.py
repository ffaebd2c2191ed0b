"""``powerpro docs``: rebuild every generated document (diagrams, API reference), or check them."""

from __future__ import annotations

from pathlib import Path

import click
import falcon.testing

from api.app import create_app
from api.markdown import render
from engine.bootstrap import bootstrap
from engine.config import PROJECT_ROOT, Settings
from engine.machines.diagrams import stale_diagrams, write_diagrams

DOCS = PROJECT_ROOT / "docs"


def offline_services():
    """The specs loaded, with a throw-away in-memory database the documents never touch."""
    return bootstrap(Settings(database_url="sqlite://"), sync=False)


def generated_api_reference(services) -> str:
    document = falcon.testing.TestClient(create_app(services)).simulate_get("/openapi.json").json
    return render(document)


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a generated document is stale.")
def docs(check: bool) -> None:
    """Rebuild docs/diagrams/* and docs/api.md from the specs and the API's declarations."""
    services = offline_services()
    machines = services.machines.values()
    api_md, api_text = DOCS / "api.md", generated_api_reference(services)
    if check:
        stale = [str(p) for p in stale_diagrams(machines, DOCS / "diagrams")]
        if not api_md.exists() or api_md.read_text(encoding="utf-8") != api_text:
            stale.append(str(api_md))
        for path in stale:
            click.echo(f"stale or missing: {path}", err=True)
        if stale:
            click.echo("run `powerpro docs` and commit the result", err=True)
            raise SystemExit(1)
        click.echo("ok: generated documents are current")
        return
    written = [str(p) for p in write_diagrams(machines, DOCS / "diagrams")]
    api_md.write_text(api_text, encoding="utf-8")
    written.append(str(api_md))
    click.echo(f"wrote {len(written)} file(s)" + "".join(f"\n  {Path(p).relative_to(PROJECT_ROOT)}" for p in written))
