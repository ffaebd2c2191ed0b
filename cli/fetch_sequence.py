"""The frontend guide's JavaScript: one complete ``fetch`` sequence, written from a recorded recipe.

Register, enroll, start a workout, log a set, finish it: the first exchange of each of those
operations in the recording becomes one call, with the path template, the parameters taken from
earlier answers and the request body the test sent. tests/docs/test_typescript_sequence.py
type-checks the result against the types openapi-typescript generates from /openapi.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

HELPER = """\
const BASE_URL = "http://localhost:8000";

// Every call: the path's {parameters} filled in, the bearer token and the JSON body sent,
// a problem+json answer thrown (branch on problem.code; show problem.detail).
async function call(method, path, { params = {}, token, body } = {}) {
  const url = BASE_URL + path.replace(/\\{(\\w+)\\}/g, (_, name) => encodeURIComponent(params[name]));
  const headers = { Accept: "application/json" };
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = response.status === 204 ? null : await response.json();
  if (!response.ok) throw Object.assign(new Error(answer.detail), { problem: answer });
  return answer;
}
"""
SEQUENCE_START = "// The sequence"


@dataclass(frozen=True)
class Step:
    answer: str  # the constant holding the answer
    binds: tuple[tuple[str, str], ...] = ()  # constants later calls use: (name, expression on the answer)


STEPS = {  # operationId -> how the sequence names its answer, in the order the sequence runs
    "postRegister": Step("registered", (("token", "registered.token"), ("userId", "registered.user.id"))),
    "postEnrollment": Step("enrolled"),
    "postWorkoutStart": Step("started", (("workout", "started.workout"),)),
    "postWorkoutSets": Step("logged"),
    "postWorkoutFinish": Step("finished"),
}
PATH_PARAMETERS = {"user_id": "userId", "workout_id": "workout.id"}  # -> the constant holding it
LAST_LINE = "console.log(finished.state.available_actions.map((a) => a.action), finished.progressions_applied);"


def render(exchanges: list[dict[str, Any]], templates: dict[str, str]) -> str:
    """The helper and the sequence; ``templates`` maps an operationId to its path template."""
    first = {}
    for exchange in exchanges:
        first.setdefault(exchange.get("operation"), exchange)
    lines = [HELPER, SEQUENCE_START + ": " + ", ".join(STEPS) + "."]
    for operation, step in STEPS.items():
        exchange = first[operation]
        lines.append(_call(step, exchange, templates[operation]))
        lines += [f"const {name} = {expression};" for name, expression in step.binds]
    lines.append(LAST_LINE)
    return "\n".join(lines) + "\n"


def _call(step: Step, exchange: dict, template: str) -> str:
    options = []
    names = re.findall(r"{(\w+)}", template)
    if names:
        options.append("params: { " + ", ".join(f"{n}: {PATH_PARAMETERS[n]}" for n in names) + " }")
    if exchange["authorized"]:
        options.append("token")
    if exchange["request"] is not None:
        options.append("body: " + json.dumps(exchange["request"]))
    arguments = f'"{exchange["method"]}", "{template}"' + (", { " + ", ".join(options) + " }" if options else "")
    return f"const {step.answer} = await call({arguments});"
