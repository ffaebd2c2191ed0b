"""Paged lists and status filters, declared once and used by every list endpoint.

A list operation declares ``query={**PAGINATION_QUERY, "status": status_filter(STATES)}`` and
``responses={200: "WorkoutPage"}`` with ``SCHEMAS["WorkoutPage"] = page_schema("Workout")``;
its responder reads ``page_request(req)`` and ``status_filter_values(req)`` (already
validated) and answers ``page_body(items, total, page)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import falcon

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 2**31 - 1  # a 32-bit signed integer: what every database and client handles

PAGINATION_QUERY: dict[str, dict] = {
    "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT,
              "description": f"Items per page, 1 to {MAX_LIMIT}"},
    "offset": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0,
               "description": f"Items to skip, 0 to {MAX_OFFSET}"},
}


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def page_request(req: falcon.Request) -> PageRequest:
    query = req.context.query
    return PageRequest(limit=query.get("limit", DEFAULT_LIMIT), offset=query.get("offset", 0))


def page_body(items: Sequence[Any], total: int, page: PageRequest) -> dict[str, Any]:
    following = page.offset + page.limit
    return {
        "items": list(items),
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "next_offset": following if following < total else None,
    }


def page_schema(item_schema: str) -> dict:
    """The component schema of one page of ``item_schema`` items."""
    return {
        "type": "object",
        "required": ["items", "total", "limit", "offset", "next_offset"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item_schema}"}},
            "total": {"type": "integer", "minimum": 0, "description": "Items matching, over all pages"},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "offset": {"type": "integer", "minimum": 0},
            "next_offset": {"type": ["integer", "null"], "description": "Offset of the next page; null on the last"},
        },
        "additionalProperties": False,
    }


def status_filter(states: Iterable[str] | dict, description: str = "Only items in these states") -> dict:
    """Query schema of ``?status=A,B``: any of ``states`` (or of the enum schema ``states``, e.g.
    a reference to a component), comma-separated or repeated."""
    return {
        "type": "array",
        "items": states if isinstance(states, dict) else {"type": "string", "enum": list(states)},
        "uniqueItems": True,
        "minItems": 1,
        "description": description + " (comma-separated)",
    }


def status_filter_values(req: falcon.Request, name: str = "status") -> frozenset[str] | None:
    """The requested states, or None when the filter is absent (no filtering)."""
    values = req.context.query.get(name)
    return frozenset(values) if values else None
