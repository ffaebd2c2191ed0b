"""Property-based tests of the whole API: schemathesis generates the requests from /openapi.json.

One test per database backend: first every operation on its own (the document's examples,
coverage of each boundary and each invalid variant, random fuzzing), then sequences along the
document's OpenAPI links (register -> enroll -> start -> log -> finish, and back). Every check
schemathesis has runs on every answer (server errors, status codes, content types, headers and
bodies against the document, negative data rejected, positive data accepted, ignored auth, use
after free, resource availability...). In-process, a fixed seed, no example database: the same
requests on every run. To rerun after a merge:

    .venv/bin/python -m pytest tests/api/test_properties_schemathesis.py --require-postgres -q

SEED changes which requests are drawn (POWERPRO_SCHEMATHESIS_SEED=N tries another); the budget
constants how many (``-s`` prints the counts and the stateful answers by status).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from types import SimpleNamespace

import pytest
from schemathesis import GenerationMode

from api.app import create_app
from engine.accounts import EMAIL_PATTERN
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll
from tests.support.http import PROBLEM_JSON, ApiClient, Lifter
from tests.support.schemathesis_runs import (
    Identity,
    domain_refusal_overrides,
    is_positive,
    load_schema,
    run_stateful,
    run_stateless,
    scenario_email,
    schema_valid_input_passes_validation,
    sign_in_as,
)

SEED = int(os.environ.get("POWERPRO_SCHEMATHESIS_SEED", 20261130))  # the env var explores other draws
FUZZ_EXAMPLES = 20  # per operation in the fuzzing phase
STATEFUL_SCENARIOS = 50
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
    if case.operation.label == ENROLL and is_positive(case):
        case.body = {"program": STRONGLIFTS, "inputs": STRONGLIFTS_INPUTS}


@pytest.fixture
def unthrottled_client(services, catalog) -> ApiClient:
    """The app without login and registration throttling: every scenario registers a lifter, and a
    429 would make a replayed scenario meet another state (tests/api/test_throttling.py covers it)."""
    settings = replace(services.settings, registrations_per_address=0, login_failures_per_account=0,
                       login_failures_per_address=0)
    return ApiClient(create_app(replace(services, settings=settings)))


def test_generated_requests_get_documented_answers(unthrottled_client):
    client = unthrottled_client
    lifter = client.register(email="schemathesis@example.com")
    throwaway_token = lambda: client.register().token  # noqa: E731
    overrides = domain_refusal_overrides(client.contract.document)

    stateless = load_schema(client.app, config(phases={"stateful": {"enabled": False}}, operations=overrides,
                                               parameters={"path.user_id": lifter.id}))
    sign_in_as(stateless, Identity(lifter.id, lifter.token), throwaway_token)
    found = run_stateless(stateless)
    assert not found.errors, "\n".join(found.errors)
    assert not found.failures, f"{len(found.failures)} failures:\n" + "\n".join(found.failures)

    stateful = load_schema(client.app, config(operations=overrides))
    identity = Identity(lifter.id, lifter.token)
    sign_in_as(stateful, identity, throwaway_token)

    def enrolled_lifter(number: int) -> Lifter:
        """Each scenario's own lifter, enrolled: sequences can start a workout from their first step."""
        scenario_lifter = client.register(email=f"scenario{number}@example.com")
        enroll(client, scenario_lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
        return scenario_lifter

    sequences = run_stateful(stateful, identity, enrolled_lifter, seed=SEED, scenarios=STATEFUL_SCENARIOS,
                             steps=STATEFUL_STEPS, prepare=complete_enrollment)

    requests = found.requests + sequences.requests
    print(f"schemathesis requests: {dict(requests)}, total {requests.total()}")
    print("stateful answers:", dict(sorted(sequences.answers.items())))
    assert sequences.requests["stateful"] >= MIN_STATEFUL_REQUESTS
    assert requests.total() >= MIN_REQUESTS


def test_positive_data_may_meet_only_the_domain_refusals_an_operation_documents(client):
    overridden = {override["include-name"] for override in domain_refusal_overrides(client.contract.document)}
    assert {"POST /auth/register", ENROLL, "POST /workouts/{workout_id}/sets"} <= overridden
    assert "POST /auth/login" not in overridden  # its only 422 is validation_failed
    # A reused Idempotency-Key is a 422 that depends on the requests stored before.
    assert "PUT /users/{user_id}/maxes/{lift}" in overridden


@pytest.mark.parametrize(("mode", "code", "refused"), [
    (GenerationMode.POSITIVE, "validation_failed", True),
    (GenerationMode.POSITIVE, "missing_maxes", False),
    (GenerationMode.NEGATIVE, "validation_failed", False),
])
def test_schema_valid_input_refused_as_invalid_fails_the_run(mode, code, refused):
    case = SimpleNamespace(meta=SimpleNamespace(generation=SimpleNamespace(mode=mode)))
    problem = {"code": code, "invalid_fields": [{"path": "$.reps", "message": "must be an integer"}]}
    response = SimpleNamespace(status_code=422, headers={"content-type": [PROBLEM_JSON]}, json=lambda: problem)
    if refused:
        with pytest.raises(AssertionError, match=r"\$\.reps"):
            schema_valid_input_passes_validation(None, response, case)
    else:
        assert schema_valid_input_passes_validation(None, response, case) is None


@pytest.mark.parametrize("email", ["a@b.co", "x" * 200 + "@" + "d" * 49 + ".org"])
def test_a_scenarios_email_is_its_own_and_still_valid(email):
    own = scenario_email(email, 12)
    assert own != email and own.startswith("s12.") and len(own) <= 254
    assert re.search(EMAIL_PATTERN, own) and own.endswith(email.rpartition("@")[2])
