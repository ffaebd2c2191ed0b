"""``powerpro docs``: rebuild every generated document (diagrams, API reference, and from the
recorded exchanges the frontend guide and the OpenAPI examples), or check them."""

from __future__ import annotations

from pathlib import Path

import click
import falcon.testing

from api.app import create_app
from engine.bootstrap import bootstrap
from engine.config import PROJECT_ROOT, Settings
from engine.machines.diagrams import stale_diagrams, stale_drawings, write_diagrams, write_drawings

from . import api_examples, api_reference, frontend_guide, program_pages

DOCS = PROJECT_ROOT / "docs"


def offline_services():
    """The specs loaded, with a throw-away in-memory database the documents never touch."""
    return bootstrap(Settings(database_url="sqlite://"), sync=False)


def openapi_document(services) -> dict:
    return falcon.testing.TestClient(create_app(services)).simulate_get("/openapi.json").json


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a generated document is stale.")
@click.option("--recordings", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Exchanges the tests recorded (POWERPRO_GUIDE_DIR): also (re)build docs/frontend-guide.md "
                   "and api/examples.json.")
def docs(check: bool, recordings: Path | None) -> None:
    """Rebuild docs/diagrams/*, docs/api.md, docs/programs/* and (with --recordings) docs/frontend-guide.md and
    api/examples.json."""
    services = offline_services()
    machines = services.machines.values()
    programs = services.catalog.programs.values()
    document = openapi_document(services)
    texts = {DOCS / "api.md": api_reference.render(document), **program_pages.pages(programs, DOCS),
             DOCS / program_pages.SUBDIR / "README.md": program_pages.index(programs)}
    drawings = program_pages.diagram_sources(programs)
    if recordings is not None:
        texts[DOCS / "frontend-guide.md"] = frontend_guide.render(recordings, document)
        texts[api_examples.EXAMPLES_FILE] = api_examples.render(recordings)
    if check:
        stale = [str(p) for p in stale_diagrams(machines, DOCS / "diagrams")]
        stale += [str(p) for p in stale_drawings(drawings, DOCS / program_pages.SUBDIR)]
        stale += [str(path) for path, text in texts.items()
                  if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            click.echo(f"stale or missing: {path}", err=True)
        if stale:
            click.echo("run `powerpro docs` and commit the result", err=True)
            raise SystemExit(1)
        click.echo("ok: generated documents are current")
        return
    written = [str(p) for p in write_diagrams(machines, DOCS / "diagrams")]
    written += [str(p) for p in write_drawings(drawings, DOCS / program_pages.SUBDIR)]
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
        written.append(str(path))
    click.echo(f"wrote {len(written)} file(s)" + "".join(f"\n  {Path(p).relative_to(PROJECT_ROOT)}" for p in written))
