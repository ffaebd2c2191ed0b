"""Property-based tests of the whole API: schemathesis generates the requests from /openapi.json.

One test per database backend: first every operation on its own (the document's examples,
coverage of each boundary and each invalid variant, random fuzzing), then sequences along the
document's OpenAPI links (register -> enroll -> start -> log -> finish, and back). Every check
schemathesis has runs on every answer (server errors, status codes, content types, headers and
bodies against the document, negative data rejected, positive data accepted, ignored auth, use
after free, resource availability...). In-process, a fixed seed, no example database: the same
requests on every run. To rerun after a merge:

    .venv/bin/python -m pytest tests/api/test_properties_schemathesis.py --require-postgres -q

SEED changes which requests are drawn; the budget constants how many (``-s`` prints the counts).
"""

from __future__ import annotations

import pytest

from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll
from tests.support.http import Lifter
from tests.support.schemathesis_runs import (
    Identity,
    domain_refusal_overrides,
    load_schema,
    run_stateful,
    run_stateless,
    sign_in_as,
)

SEED = 20261130
FUZZ_EXAMPLES = 25  # per operation in the fuzzing phase
STATEFUL_SCENARIOS = 60
STATEFUL_STEPS = 12
MIN_REQUESTS = 1000  # per backend, both phases together
MIN_STATEFUL_REQUESTS = 250
ENROLL = "POST /users/{user_id}/enrollment"


def config(**extra) -> dict:
    return {"seed": SEED, "generation": {"max-examples": FUZZ_EXAMPLES, "database": "none"},
            "cache": {"enabled": False}, "suppress-health-check": ["all"], **extra}


def complete_enrollment(case) -> None:
    """A generated enrollment names no real program, and never its inputs: positive ones get a real
    one, so sequences reach workouts. (Every generated variant still runs in the stateless phase.)"""
    if case.operation.label == ENROLL and case.meta is not None and case.meta.generation.mode.is_positive:
        case.body = {"program": STRONGLIFTS, "inputs": STRONGLIFTS_INPUTS}


def test_generated_requests_get_documented_answers(client, catalog):
    lifter = client.register(email="schemathesis@example.com")
    login = lambda: client.login(lifter.email, lifter.password).json["token"]  # noqa: E731
    overrides = domain_refusal_overrides(client.contract.document)

    stateless = load_schema(client.app, config(phases={"stateful": {"enabled": False}}, operations=overrides,
                                               parameters={"path.user_id": lifter.id}))
    sign_in_as(stateless, Identity(lifter.id, lifter.token), login)
    found = run_stateless(stateless)
    assert not found.errors, "\n".join(found.errors)
    assert not found.failures, f"{len(found.failures)} failures:\n" + "\n".join(found.failures)

    stateful = load_schema(client.app, config(operations=overrides))
    identity = Identity(lifter.id, lifter.token)
    sign_in_as(stateful, identity, login)

    def enrolled_lifter(number: int) -> Lifter:
        """Each scenario's own lifter, enrolled: sequences can start a workout from their first step."""
        scenario_lifter = client.register(email=f"scenario{number}@example.com")
        enroll(client, scenario_lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
        return scenario_lifter

    sequences = run_stateful(stateful, identity, enrolled_lifter, seed=SEED, scenarios=STATEFUL_SCENARIOS, steps=STATEFUL_STEPS,
                             prepare=complete_enrollment)

    requests = found.requests + sequences.requests
    print(f"schemathesis requests: {dict(requests)}, total {requests.total()}")
    print("stateful answers:", dict(sorted(sequences.answers.items())))
    assert sequences.requests["stateful"] >= MIN_STATEFUL_REQUESTS
    assert requests.total() >= MIN_REQUESTS
