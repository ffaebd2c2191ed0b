"""docs/api.md, written from the OpenAPI document: every endpoint, its access, body, responses
and error codes, so the prose reference can never drift from what the API enforces."""

from __future__ import annotations

import json
from typing import Any

HEADER = """# HTTP API reference

Generated from `/openapi.json` by `powerpro docs`; do not edit by hand. Every request and
response is JSON (snake_case); errors are `application/problem+json` with a stable `code`.
Authenticate with `Authorization: Bearer <token>` from `POST /auth/register` or `POST /auth/login`.
The interactive page is served at `/docs`. The state machines behind the statuses:
[enrollment](diagrams/enrollment.svg), [cycle](diagrams/cycle.svg), [week](diagrams/week.svg),
[workout session](diagrams/session.svg) (see [machines.md](machines.md)).
"""


def render(document: dict[str, Any]) -> str:
    lines = [HEADER]
    by_tag: dict[str, list[tuple[str, str, dict]]] = {}
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            by_tag.setdefault((op.get("tags") or ["other"])[0], []).append((method.upper(), path, op))
    for tag in sorted(by_tag):
        lines.append(f"## {tag}\n")
        for method, path, op in sorted(by_tag[tag], key=lambda item: (item[1], item[0])):
            lines += _operation(method, path, op)
    lines.append("## Schemas\n")
    for name, schema in sorted(document["components"]["schemas"].items()):
        lines += _schema(name, schema)
    return "\n".join(lines).rstrip() + "\n"


def _operation(method: str, path: str, op: dict[str, Any]) -> list[str]:
    out = [f"### `{method} {path}`\n", op.get("summary", "") + "\n"]
    if op.get("description"):
        out.append(op["description"] + "\n")
    out.append(f"- access: {'public' if op.get('security') == [] else 'bearer token'}")
    params = [f"`{p['name']}` ({p['in']})" for p in op.get("parameters", [])]
    if params:
        out.append(f"- parameters: {', '.join(params)}")
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body:
        out.append(f"- body: {_ref(body)}")
    for status, response in sorted(op.get("responses", {}).items()):
        content = response.get("content", {})
        schema = next(iter(content.values()), {}).get("schema") if content else None
        codes = response.get("x-codes") or _codes(schema)
        detail = f" — codes: {', '.join(f'`{c}`' for c in codes)}" if codes else ""
        shape = " — " + _ref(schema) if schema and not codes else ""
        out.append(f"- {status}: {response.get('description', '')}{shape}{detail}")
    out.append("")
    return out


def _codes(schema: dict | None) -> list[str]:
    if not schema:
        return []
    code = schema.get("properties", {}).get("code", {})
    return list(code.get("enum", [])) or ([code["const"]] if "const" in code else [])


def _schema(name: str, schema: dict[str, Any]) -> list[str]:
    out = [f"### {name}\n"]
    if schema.get("description"):
        out.append(schema["description"] + "\n")
    properties = schema.get("properties")
    if not properties:
        out += ["```json", json.dumps(schema, indent=2, sort_keys=True), "```", ""]
        return out
    required = set(schema.get("required", []))
    out += ["| field | type | required | description |", "|---|---|---|---|"]
    for field, spec in properties.items():
        description = (spec.get("description") or "").replace("|", "\\|").replace("\n", " ")
        out.append(f"| `{field}` | {_type(spec)} | {'yes' if field in required else ''} | {description} |")
    out.append("")
    return out


def _type(spec: dict[str, Any]) -> str:
    """``oneOf [X, null]``, ``anyOf`` and ``type: [X, "null"]`` all read "X or null"."""
    if "$ref" in spec:
        return _ref(spec)
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    choices = spec.get("oneOf") or spec.get("anyOf") or (spec["allOf"] if len(spec.get("allOf", [])) == 1 else None)
    if choices:
        return " or ".join(dict.fromkeys(_type(choice) for choice in choices))
    kinds = spec.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return " or ".join(_one_type(kind, spec) for kind in kinds)


def _one_type(kind: str, spec: dict[str, Any]) -> str:
    if kind == "array" and "items" in spec:
        return f"array of {_type(spec['items'])}"
    return kind


def _ref(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    return _type(schema)
