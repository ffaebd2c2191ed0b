"""GET /programs/{slug}/preview: the program preview page (HTML), for authors and lifters.

The form's fields are query parameters, so a preview is a link one can share. A mistake in
them is listed on the page in place of the grid (200); only an unknown program is a 404
problem, and a field that is not plain text a 422 one, as everywhere.
"""

from __future__ import annotations

import falcon

from engine import queries
from engine.bootstrap import Services
from engine.errors import DomainError
from engine.spec_files import SpecErrors

from ..openapi import PUBLIC, Route, operation
from ..pages import FIELDS, MAX_FIELD_CHARS
from ..schemas import PLAIN_TEXT
from .docs import HTML
from .programs import SLUG_PARAM

QUERY = {name: {**PLAIN_TEXT, "maxLength": MAX_FIELD_CHARS, "description": description}
         for name, description in {
             "maxes": "NAME=WEIGHT, ... (NAME an input id or a lift); default: sample maxes",
             "unit": "lb (default) or kg",
             "cycles": "Cycles to simulate (bounded by the program's length)",
             "amrap": "Reps on AMRAP sets, as `powerpro simulate --amrap`: [LIFT=]+N or N, comma-separated",
             "rpe": "RPE logged on RPE sets: [LIFT=]N or target, comma-separated",
             "choice": "Lifter's-choice loads: [LIFT=]target, P% or a weight, comma-separated",
             "fail": "Failures: LIFT@[CYCLE/]WEEK/DAY[:SHORT], comma-separated",
         }.items()}
assert set(QUERY) == set(FIELDS)


class PreviewResource:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._simulator = None

    def simulator(self):
        """Made on the first preview (it loads the specs and migrates a template then): the
        simulator and the page renderer are imported here, so serving starts without them."""
        if self._simulator is None:
            from engine.simulation import Simulator

            self._simulator = Simulator(self.services.settings)
        return self._simulator

    @operation(summary="A program's preview page: form, week-by-week loads, tracked weights chart, rules diagram",
               tag="catalog", access=PUBLIC, responses={200: HTML}, media_type="text/html", path_params=SLUG_PARAM,
               query=QUERY, errors=("unknown_program",))
    def on_get(self, req: falcon.Request, resp: falcon.Response, slug: str) -> None:
        from engine.preview import preview

        from ..pages.form import read_form
        from ..pages.preview import PageLinks, page

        queries.program(self.services, slug)  # an unknown slug: 404 naming the known ones
        program = self.services.catalog.current(slug).program
        form = read_form(program, req.context.query)
        shown = None
        if form.scenario is not None:
            try:
                shown = preview(program, form.scenario, form.cycles, simulator=self.simulator())
            except (DomainError, SpecErrors) as exc:  # what the form's own checks did not catch: listed too
                form.errors += [str(e) for e in getattr(exc, "errors", [exc])]
        links = PageLinks(action=f"/programs/{slug}/preview", program=f"/programs/{slug}",
                          docs=queries.program_page(slug))
        resp.content_type = falcon.MEDIA_HTML
        resp.text = page(program, title=f"{program.name}: preview", form=form, preview=shown, links=links,
                         version=program.version)


def routes(services: Services) -> list[Route]:
    return [Route("/programs/{slug}/preview", PreviewResource(services))]
