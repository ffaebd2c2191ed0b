"""Schemathesis runs against the WSGI app in-process: the harness of tests/api/test_properties_schemathesis.py.

``run_stateless`` drives schemathesis' engine (what ``schemathesis run`` does) through the phases
that test one operation at a time: the document's examples, coverage of every boundary and every
invalid variant, then random fuzzing. ``run_stateful`` runs schemathesis' state machine along the
document's OpenAPI links. Every check schemathesis has runs on every answer, plus
``schema_valid_input_passes_validation`` below.

Who is signed in: one registered lifter (an auth provider gives its token; ``{user_id}`` is its id),
except that a stateful scenario that registers or logs in continues as that user, as a client
following the links would.
"""

from __future__ import annotations

import collections
import itertools
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import hypothesis
import schemathesis
from hypothesis import HealthCheck
from schemathesis.engine import Status, events, from_schema
from schemathesis.transport.wsgi import WSGITransport

from api.resources.auth import EMAIL
from tests.support.http import PROBLEM_JSON

SIGN_IN_PATHS = ("/auth/register", "/auth/login")
MAX_EMAIL_LENGTH = EMAIL["maxLength"]
_CODE = re.compile(r"`(\w+)`")


@dataclass
class Report:
    """What a run sent and what it found."""

    requests: collections.Counter = field(default_factory=collections.Counter)  # by phase
    answers: collections.Counter = field(default_factory=collections.Counter)  # (operation, status)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@schemathesis.check
def schema_valid_input_passes_validation(ctx, response, case):
    """Input the document calls valid is never refused as invalid: a 4xx ``validation_failed`` for
    it means the document and the request validation disagree. (``positive_data_acceptance``
    cannot say this where the document also lists a domain 422, e.g. ``missing_maxes``.)"""
    if not is_positive(case) or response.status_code not in (400, 422):
        return None
    if not (response.headers.get("content-type") or [""])[0].startswith(PROBLEM_JSON):
        return None
    problem = response.json()
    if problem.get("code") == "validation_failed":
        raise AssertionError(f"Schema-valid input refused as invalid: {problem.get('invalid_fields')}")
    return None


def load_schema(app, config: dict) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_wsgi("/openapi.json", app, config=schemathesis.Config.from_dict(config))


@dataclass
class Identity:
    """Who the generated requests are from; a stateful scenario moves it to whom it signs in."""

    user_id: str
    token: str


# Requests that end what a token can do (revoke it, every token, the password, the account):
# they are sent with a token of their own, so they never sign the run's lifter out.
TOKEN_ENDING = frozenset({
    "POST /auth/logout", "POST /auth/logout-all", "POST /users/me/password", "DELETE /users/me",
})


def sign_in_as(schema, identity: Identity, throwaway_token) -> None:
    """The identity's bearer token on every request; a TOKEN_ENDING one gets a fresh lifter's
    (``throwaway_token()``) each time, so the rest of the run stays signed in."""

    @schema.auth(refresh_interval=None)
    class SignedIn:
        def get(self, case, context):
            return throwaway_token() if case.operation.label in TOKEN_ENDING else identity.token

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def domain_refusal_overrides(document: dict) -> list[dict]:
    """``positive_data_acceptance`` also accepts 422 where the operation documents a 422 other than
    ``validation_failed`` (``missing_maxes``, ``weight_required``...): refusals that depend on
    stored state or on rules JSON Schema cannot state. ``schema_valid_input_passes_validation``
    still fails a 422 ``validation_failed`` there."""
    overrides = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            codes = set(_CODE.findall(operation["responses"].get("422", {}).get("description", "")))
            if codes - {"validation_failed"}:
                expected = ["2xx", "401", "403", "404", "409", "422"]
                overrides.append({"include-name": f"{method.upper()} {path}",
                                  "checks": {"positive_data_acceptance": {"expected-statuses": expected}}})
    return overrides


def run_stateless(schema) -> Report:
    report = Report()
    with _wsgi_probes_without_socket_options():
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished):
                _record_scenario(report, event)
            elif isinstance(event, events.NonFatalError):
                report.errors.append(f"{event.label}: {event.info.title}: {event.info.message}")
            elif isinstance(event, events.FatalError):
                report.errors.append(repr(event.exception))
            elif isinstance(event, events.EngineFinished):
                report.failures += [f"after the run: {failure.title}: {failure.message}" for failure in event.failures]
    return report


def run_stateful(schema, identity: Identity, register, *, seed: int, scenarios: int, steps: int,
                 prepare=None) -> Report:
    """Raises schemathesis' FailureGroup (with the request sequence) on the first failing scenario.

    Each scenario starts as a new lifter (``register(n)``), and the emails it registers are its
    own: a replayed scenario then meets the same state, as Hypothesis requires. The schema's auth
    provider signs requests as ``identity``, which follows the scenario's sign-ins. ``prepare(case)``
    may complete a positive case the generator cannot (an enrollment's inputs)."""
    report = Report()
    scenario_numbers = itertools.count(1)

    class Workflow(schema.as_state_machine()):
        def setup(self):
            self.number = next(scenario_numbers)
            lifter = register(self.number)
            identity.user_id, identity.token = lifter.id, lifter.token

        def before_call(self, case):
            if case.operation.path == "/auth/register" and is_positive(case):
                case.body = {**case.body, "email": scenario_email(case.body["email"], self.number)}
            if "user_id" in (case.path_parameters or {}):
                case.path_parameters["user_id"] = identity.user_id
            if prepare is not None:
                prepare(case)

        def after_call(self, response, case):
            super().after_call(response, case)
            report.requests["stateful"] += 1
            report.answers[(case.operation.label, response.status_code)] += 1
            if case.operation.path in SIGN_IN_PATHS and response.status_code in (200, 201):
                body = response.json()
                identity.user_id, identity.token = body["user"]["id"], body["token"]

    settings = hypothesis.settings(max_examples=scenarios, stateful_step_count=steps, deadline=None, database=None,
                                   suppress_health_check=list(HealthCheck))
    hypothesis.seed(seed)(Workflow)
    Workflow.run(settings=settings)
    return report


def is_positive(case) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def scenario_email(email: str, number: int) -> str:
    """``email`` made the scenario's own, still valid: its number prefixed, within the length limit."""
    local, _, domain = email.rpartition("@")
    room = max(MAX_EMAIL_LENGTH - len(domain) - 1, 1)
    return f"{(f's{number}.' + local)[:room]}@{domain}"


def _record_scenario(report: Report, event: events.ScenarioFinished) -> None:
    recorder = event.recorder
    report.requests[event.phase.value] += len(recorder.interactions)
    for checks in recorder.checks.values():
        for check in checks:
            if check.status == Status.FAILURE and check.failure_info is not None:
                failure = check.failure_info.failure
                report.failures.append(f"{check.name} on {recorder.label}: {failure.title}: {failure.message}\n"
                                       f"    {check.failure_info.code_sample}")


@contextmanager
def _wsgi_probes_without_socket_options():
    """Work around schemathesis 4.32: the engine sends ``ignored_auth``'s probes to a WSGI app with
    the socket options of its requests session (``max_redirects``...), which werkzeug refuses;
    a probe needs none of them in-process."""
    send = WSGITransport.send

    def send_in_process(self, case, *, session=None, **kwargs):
        if session is None:
            for name in ("max_redirects", "verify", "cert", "proxies"):
                kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    WSGITransport.send = send_in_process
    try:
        yield
    finally:
        WSGITransport.send = send
