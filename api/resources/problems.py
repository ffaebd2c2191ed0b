"""GET /problems and /problems/{code}: what each error code means (the target of a problem's ``type``)."""

from __future__ import annotations

import falcon

from ..errors import ERROR_CODES, HttpProblem
from ..openapi import PUBLIC, Route, operation

SCHEMAS = {
    "ProblemType": {
        "type": "object",
        "required": ["code", "status", "title"],
        "properties": {"code": {"type": "string"}, "status": {"type": "integer"}, "title": {"type": "string"}},
        "additionalProperties": False,
    },
    "ProblemTypeList": {
        "type": "object",
        "required": ["problems"],
        "properties": {"problems": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemType"}}},
        "additionalProperties": False,
    },
}


def problem_type_json(code: str) -> dict:
    status, title = ERROR_CODES[code]
    return {"code": code, "status": status, "title": title}


class ProblemTypesResource:
    @operation(summary="Every error code the API answers with", tag="docs", access=PUBLIC,
               responses={200: "ProblemTypeList"})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"problems": [problem_type_json(code) for code in sorted(ERROR_CODES)]}


class ProblemTypeResource:
    @operation(summary="One error code", tag="docs", access=PUBLIC, responses={200: "ProblemType"},
               errors=("not_found",))
    def on_get(self, req: falcon.Request, resp: falcon.Response, code: str) -> None:
        if code not in ERROR_CODES:
            raise HttpProblem("not_found", f"There is no error code {code!r}; GET /problems lists them all.")
        resp.media = problem_type_json(code)


def routes(services) -> list[Route]:
    return [Route("/problems", ProblemTypesResource()), Route("/problems/{code}", ProblemTypeResource())]
