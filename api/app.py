"""The WSGI application: middleware, error translation, and every resource module's routes.

To add endpoints, write a module under ``api/resources/`` exposing ``SCHEMAS`` and
``routes(services)``, with each responder decorated by ``api.openapi.operation``, and list
it in ``RESOURCE_MODULES``: it is then routed, authenticated, validated and documented.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

import falcon

from engine.bootstrap import Services

from .auth import Authentication
from .cors import cors_middleware
from .display_units import WeightsInUserUnit
from .errors import install_error_handlers
from .idempotency import IdempotencyKeys
from .media import configure_media
from .openapi import ApiSpec, Route
from .resources import (
    account,
    auth,
    docs,
    enrollment,
    equipment,
    export,
    health,
    history,
    lifts,
    machines,
    maxes,
    preview,
    problems,
    programs,
    progress,
    workouts,
)
from .schemas import state_schemas
from .telemetry import RequestTelemetry
from .validation import RequestValidation

TITLE = "PowerPro statecharts API"
VERSION = "0.1.0"
DESCRIPTION = (
    "Strength programs declared as statecharts. Authenticate with the bearer token from "
    "/auth/register or /auth/login. Every error is application/problem+json with a stable `code`."
)
RESOURCE_MODULES: tuple[ModuleType, ...] = (
    health, auth, account, equipment, lifts, maxes, programs, preview, machines, enrollment, workouts, history,
    progress, export, problems,
)


def create_app(services: Services, extra_modules: Iterable[object] = ()) -> falcon.App:
    """``extra_modules``: more objects with ``SCHEMAS`` and ``routes(services)`` (tests use it)."""
    spec = ApiSpec(TITLE, VERSION, DESCRIPTION)
    # Telemetry wraps everything (its response hook runs last); CORS headers go on every answer,
    # refusals included; authentication runs before validation: an anonymous caller gets 401,
    # never a validation report; idempotency keys are claimed by valid requests only, and the
    # answer they keep is the one WeightsInUserUnit converted (its response hook runs first).
    app = falcon.App(middleware=[
        RequestTelemetry(), *cors_middleware(services.settings.cors_origins), Authentication(services, spec),
        RequestValidation(spec), IdempotencyKeys(services, spec), WeightsInUserUnit(),
    ])
    app.req_options.strip_url_path_trailing_slash = True
    configure_media(app)
    install_error_handlers(app)
    spec.add_schemas(state_schemas(services.machines))
    for module in (*RESOURCE_MODULES, *extra_modules):
        spec.add_schemas(getattr(module, "SCHEMAS", {}))
        for route in module.routes(services):
            _mount(app, spec, route)
    for route in docs.routes(spec):
        _mount(app, spec, route)
    spec.check_links()
    app.add_static_route(docs.STATIC_PREFIX, docs.SWAGGER_UI_DIR)
    return app


def _mount(app: falcon.App, spec: ApiSpec, route: Route) -> None:
    spec.add_route(route)
    app.add_route(route.path, route.resource, suffix=route.suffix)
