"""GET /health: is the service up, does the database answer, which spec versions are loaded."""

from __future__ import annotations

import falcon

from engine import catalog
from engine.bootstrap import Services

from ..openapi import PUBLIC, Route, operation

SCHEMAS = {
    "Health": {
        "type": "object",
        "required": ["status", "database", "specs"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "unavailable"]},
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
               responses={200: "Health", 503: "Health"},
               description="503 when the database does not answer, so load balancers take the worker out.")
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        reachable = catalog.database_reachable(self.services.uow())
        resp.status = falcon.HTTP_200 if reachable else falcon.HTTP_503
        resp.media = {
            "status": "ok" if reachable else "unavailable",
            "database": {"reachable": reachable},
            "specs": self._spec_versions(),
        }

    def _spec_versions(self) -> dict:
        # Services grows spec_versions() once start-up loads the specs; until then report none.
        spec_versions = getattr(self.services, "spec_versions", None)
        return dict(spec_versions()) if callable(spec_versions) else {}


def routes(services: Services) -> list[Route]:
    return [Route("/health", HealthResource(services))]
