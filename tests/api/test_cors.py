"""CORS headers for the origins of POWERPRO_CORS_ORIGINS, preflights without a token (the
browser itself is in tests/api/test_browser.py)."""

from __future__ import annotations

import dataclasses

import pytest

from api.app import create_app
from engine.config import SettingError, Settings
from tests.api.flows import enroll
from tests.support.http import ApiClient, assert_problem

APP_ORIGIN = "https://app.example.com"
OTHER_ORIGIN = "https://evil.example.net"


@pytest.fixture
def cors_client(services) -> ApiClient:
    settings = dataclasses.replace(services.settings, cors_origins=(APP_ORIGIN, "http://localhost:5173"))
    return ApiClient(create_app(dataclasses.replace(services, settings=settings)))


def preflight(client: ApiClient, path: str, method: str, origin: str = APP_ORIGIN):
    return client.request("OPTIONS", path, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization,content-type,idempotency-key"})


def listed(header: str | None) -> set[str]:
    return {item.strip().lower() for item in (header or "").split(",") if item.strip()}


def test_a_preflight_needs_no_token_and_allows_the_routes_methods_and_the_apis_headers(cors_client):
    for path, methods in [("/workouts/start", {"POST"}), ("/users/u1/enrollment", {"GET", "POST", "DELETE"}),
                          ("/users/u1/maxes/squat", {"PUT"})]:
        for method in methods:
            result = preflight(cors_client, path, method)

            assert result.status_code == 200, result.text  # no 401, no validation report
            assert result.headers["access-control-allow-origin"] == APP_ORIGIN
            assert {m.lower() for m in methods} <= listed(result.headers["access-control-allow-methods"]), path
            assert {"authorization", "content-type", "idempotency-key"} <= listed(
                result.headers["access-control-allow-headers"])
            assert "access-control-allow-credentials" not in result.headers  # bearer tokens, never cookies
            assert "origin" in listed(result.headers["vary"])


def test_answers_to_a_listed_origin_expose_the_headers_an_app_reads(cors_client, catalog):
    lifter = cors_client.register()
    enroll(cors_client, lifter)

    started = cors_client.post("/workouts/start", token=lifter.token, headers={"Origin": APP_ORIGIN})
    refused = cors_client.post("/workouts/start", token=lifter.token, headers={"Origin": APP_ORIGIN})

    assert started.status_code == 201
    assert_problem(refused, 409, "workout_already_in_progress")
    for result in (started, refused):  # refusals too: the app must read their problem document
        assert result.headers["access-control-allow-origin"] == APP_ORIGIN
        assert {"location", "retry-after", "idempotent-replayed", "x-request-id"} <= listed(
            result.headers["access-control-expose-headers"])


def test_an_origin_not_listed_gets_no_cors_headers(cors_client):
    for result in (preflight(cors_client, "/workouts/start", "POST", OTHER_ORIGIN),
                   cors_client.get("/health", headers={"Origin": OTHER_ORIGIN})):
        assert not [name for name in result.headers if name.startswith("access-control-")]


def test_without_the_setting_no_answer_has_cors_headers(client):
    assert client.app is not None
    for result in (preflight(client, "/workouts/start", "POST"), client.get("/health", headers={"Origin": APP_ORIGIN})):
        assert not [name for name in result.headers if name.startswith("access-control-")]


def test_the_setting_takes_origins_as_browsers_send_them(monkeypatch):
    monkeypatch.setenv("POWERPRO_CORS_ORIGINS", " https://app.example.com , http://localhost:5173")
    assert Settings().cors_origins == ("https://app.example.com", "http://localhost:5173")
    for wrong in ("https://app.example.com/", "app.example.com", "ftp://files.example.com"):
        monkeypatch.setenv("POWERPRO_CORS_ORIGINS", wrong)
        with pytest.raises(SettingError, match="POWERPRO_CORS_ORIGINS"):
            Settings()
