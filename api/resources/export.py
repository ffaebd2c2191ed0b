"""A lifter takes their data out: everything they own as JSON, and their sets as a CSV that
spreadsheets and other trackers read (Strong's column layout)."""

from __future__ import annotations

import falcon

from engine.bootstrap import Services
from engine.queries import export

from ..auth import current_user
from ..openapi import Route, operation
from ..schemas import obj

_ROWS = {"type": "array", "items": {"type": "object"}}
SCHEMAS = {
    "UserExport": obj(
        {
            "format": {"type": "string", "const": "powerpro-user-export"},
            "version": {"type": "integer", "const": 1},
            "account": {"type": "object",
                        "description": "id, email, created_at, role, weight_unit, display_name, equipment; no secret"},
            **{
                key: {**_ROWS, "description": description}
                for key, description in (
                    ("programs", "The programs the user enrolled in"),
                    ("program_versions", "The program versions (with their YAML) that prescribed the workouts"),
                    ("maxes", "Lift maxes"),
                    ("enrollments", "Enrollments, current and past, with every level's state and the position"),
                    ("progression_states", "Training maxes and work weights per slot"),
                    ("workouts", "Workout sessions with their stored prescriptions"),
                    ("sets", "Logged sets, legacy ones included"),
                    ("progression_logs", "Every progression applied"),
                    ("transitions", "The transition log"),
                )
            },
        },
        description="Everything the user owns, row by row and exact (weights as decimal strings); "
                    "`powerpro users import` re-creates it on another server",
    ),
}


class ExportResource:
    shows_stored_units = True  # rows as stored: `powerpro users import` puts them back exactly

    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Everything the signed-in user owns, as one JSON document", tag="account",
               responses={200: "UserExport"})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        user = current_user(req)
        resp.media = export.user_document(self.services.uow(), user.id)
        resp.downloadable_as = "powerpro-export.json"


class SetsCsvResource:
    shows_stored_units = True  # weights in the unit they were logged in, as Strong's layout has them

    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="The signed-in user's logged sets as CSV, in Strong's column layout", tag="account",
               responses={200: {"type": "string"}}, media_type="text/csv")
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        user = current_user(req)
        resp.content_type = "text/csv; charset=utf-8"
        resp.text = export.sets_csv(self.services, self.services.uow(), user.id)
        resp.downloadable_as = "powerpro-sets.csv"


def routes(services: Services) -> list[Route]:
    return [
        Route("/users/me/export", ExportResource(services)),
        Route("/users/me/export/sets.csv", SetsCsvResource(services)),
    ]
