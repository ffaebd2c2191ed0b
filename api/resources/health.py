"""GET /health: is the service up, does the database answer, which spec versions are loaded."""

from __future__ import annotations

import falcon

from engine import lift_catalog
from engine.bootstrap import Services
from engine.errors import DatabaseUnavailable

from ..errors import HttpProblem
from ..openapi import PUBLIC, Route, operation

SCHEMAS = {
    "Health": {
        "type": "object",
        "required": ["status", "database", "specs"],
        "properties": {
            "status": {"type": "string", "const": "ok"},
            "database": {
                "type": "object",
                "required": ["reachable"],
                "properties": {"reachable": {"type": "boolean"}},
                "additionalProperties": False,
            },
            "specs": {"type": "object", "description": "Loaded spec versions (content hashes), by spec"},
        },
        "additionalProperties": False,
    }
}


class HealthResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Service health", tag="operations", access=PUBLIC,
               responses={200: "Health"},
               description="A 503 `database_unavailable` problem (with `database`, `specs` and Retry-After) when "
                           "the database does not answer, so load balancers take the worker out.")
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        specs = self._spec_versions()
        if not lift_catalog.database_reachable(self.services.uow()):
            raise HttpProblem(
                DatabaseUnavailable.code,
                "The database does not answer. Retry later; operators: check DATABASE_URL.",
                extensions={"database": {"reachable": False}, "specs": specs},
                headers={"Retry-After": str(DatabaseUnavailable.retry_after)},
            )
        resp.media = {"status": "ok", "database": {"reachable": True}, "specs": specs}

    def _spec_versions(self) -> dict:
        # Services grows spec_versions() once start-up loads the specs; until then report none.
        spec_versions = getattr(self.services, "spec_versions", None)
        return dict(spec_versions()) if callable(spec_versions) else {}


def routes(services: Services) -> list[Route]:
    return [Route("/health", HealthResource(services))]
