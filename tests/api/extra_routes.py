"""Throw-away resources mounted next to the real ones, to exercise the shared machinery."""

from __future__ import annotations

from types import SimpleNamespace

import falcon

from api.openapi import PUBLIC, Route, operation
from api.pagination import PAGINATION_QUERY, page_body, page_request, page_schema, status_filter, status_filter_values
from engine.errors import DomainError

STATES = ["PENDING", "IN_PROGRESS", "COMPLETED"]
THINGS = [{"n": n, "status": STATES[n % 3]} for n in range(45)]


class MadeUpRefusal(DomainError):
    code = "made_up_refusal"


class ExplodingResource:
    @operation(summary="Fails like a bug", tag="test", access=PUBLIC, responses={200: None})
    def on_get(self, req, resp):
        raise RuntimeError("password=hunter2 in a secret place")


class UnknownCodeResource:
    @operation(summary="Refuses with a code the table lacks", tag="test", access=PUBLIC, responses={200: None})
    def on_get(self, req, resp):
        raise MadeUpRefusal("made up", {"hint": "x"})


class FalconErrorResource:
    @operation(summary="Raises falcon's own error", tag="test", access=PUBLIC, responses={200: None},
               errors=("conflict",))
    def on_get(self, req, resp):
        raise falcon.HTTPConflict(description="Someone else got there first.")


class LyingResource:
    @operation(summary="Answers off its declared schema", tag="test", access=PUBLIC, responses={200: "Thing"})
    def on_get(self, req, resp):
        resp.media = {"n": "not a number", "status": "PENDING"}


class ThingsResource:
    @operation(summary="A paged, filtered list", tag="test", access=PUBLIC, responses={200: "ThingPage"},
               query={**PAGINATION_QUERY, "status": status_filter(STATES)})
    def on_get(self, req, resp):
        wanted = status_filter_values(req)
        matching = [t for t in THINGS if wanted is None or t["status"] in wanted]
        page = page_request(req)
        resp.media = page_body(matching[page.offset:page.offset + page.limit], len(matching), page)


MODULE = SimpleNamespace(
    SCHEMAS={
        "Thing": {"type": "object", "required": ["n", "status"], "additionalProperties": False,
                  "properties": {"n": {"type": "integer"}, "status": {"type": "string", "enum": STATES}}},
        "ThingPage": page_schema("Thing"),
    },
    routes=lambda services: [
        Route("/test/explode", ExplodingResource()),
        Route("/test/unknown-code", UnknownCodeResource()),
        Route("/test/falcon-error", FalconErrorResource()),
        Route("/test/lie", LyingResource()),
        Route("/test/things", ThingsResource()),
    ],
)
