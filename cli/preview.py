"""``powerpro preview FILE.yaml``: serve the preview page of a program file under edit.

Every request reads the file again: a file that validates shows the page of
``GET /programs/{slug}/preview`` (form, grid, chart, rules diagram) for it; one that does not
shows ``powerpro validate``'s ``file:line: field: message`` lines in place of the grid. The
page asks ``/version`` (the file's content hash) every ~0.7 s and reloads itself when the file
changed on disk, so saving in the editor is enough.

The draft is simulated on its own (an in-memory database knowing only it), so it never touches
the shipped programs, even under the same slug.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import click
import falcon

from api.pages.form import read_form
from api.pages.preview import PageLinks, page, query_params
from engine.config import settings
from engine.errors import DomainError
from engine.preview import preview as run_preview
from engine.programs import Program, load_lifts, load_program
from engine.simulation import Simulator
from engine.spec_files import SpecErrors


class Draft:
    """The program file, checked against the served lift catalog, and the simulator that runs it."""

    def __init__(self, path: Path, specs: Path) -> None:
        self.path, self.specs = path, specs
        self.simulator = Simulator(settings())

    def version(self) -> str:
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            return "unreadable"

    def load(self) -> Program:
        return load_program(self.path, load_lifts(self.specs / "lifts.yaml"))


class PageResource:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_HTML
        version = self.draft.version()
        links = PageLinks(action="/")
        try:
            program = self.draft.load()
        except SpecErrors as exc:
            resp.text = page(None, title=f"{self.draft.path.name}: does not validate", links=links,
                             errors=[str(e) for e in exc.errors], version=version, reload=True)
            return
        form = read_form(program, query_params(req.params))
        shown, errors = None, []
        if form.scenario is not None:
            try:
                shown = run_preview(program, form.scenario, form.cycles, simulator=self.draft.simulator)
            except (DomainError, SpecErrors) as exc:
                errors.append(str(exc))
        resp.text = page(program, title=f"{program.name}: preview of {self.draft.path.name}", form=form,
                         preview=shown, errors=errors, links=links, version=version, reload=True)


class VersionResource:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"version": self.draft.version()}


def preview_app(draft: Draft) -> falcon.App:
    app = falcon.App()
    app.add_route("/", PageResource(draft))
    app.add_route("/version", VersionResource(draft))
    return app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's name
        pass


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def preview(file: Path, host: str, port: int) -> None:
    """Serve the preview page of FILE (a program YAML) and reload it whenever FILE is saved."""
    draft = Draft(file, settings().specs_dir)
    with make_server(host, port, preview_app(draft), handler_class=_QuietHandler) as server:
        click.echo(f"previewing {file} on http://{host}:{server.server_port}/ (Ctrl-C stops)", err=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
