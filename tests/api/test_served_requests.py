"""What gunicorn itself sees: chunked bodies, and requests refused before the app runs.

Through a real ``powerpro serve`` on each database: a chunked JSON body is read like one
with a Content-Length; a request line or a header block over gunicorn's limits, or a
request that is not HTTP, is answered with problem+json (api/gunicorn_worker.py) and
writes nothing; the server keeps answering.
"""

from __future__ import annotations

import http.client
import json

import pytest

from api.gunicorn_worker import REQUEST_LIMITS
from tests.api.snapshots import database_snapshot
from tests.support.http import DEFAULT_PASSWORD, PROBLEM_JSON
from tests.support.served import powerpro_serve, raw_exchange


@pytest.fixture(scope="module")
def server(migrated_url):
    with powerpro_serve(migrated_url) as address:
        yield address


def request(address, method: str, path: str, body=None, headers=None) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_chunked_json_body_is_read(server, db_engine):
    body = json.dumps({"email": "served-chunked@example.com", "password": DEFAULT_PASSWORD}).encode()
    parts = iter([body[:10], body[10:25], body[25:]])  # no Content-Length: http.client sends it chunked
    status, registered = request(server, "POST", "/auth/register", parts, {"Content-Type": "application/json"})
    assert status == 201, registered
    login = json.dumps({"email": "served-chunked@example.com", "password": DEFAULT_PASSWORD})
    status, signed_in = request(server, "POST", "/auth/login", login, {"Content-Type": "application/json"})
    assert (status, signed_in["user"]["id"]) == (200, registered["user"]["id"])


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"GET /health?" + b"a" * REQUEST_LIMITS["limit_request_line"] + b" HTTP/1.1\r\nHost: x\r\n\r\n",
         414, "uri_too_long"),
        (b"GET /health HTTP/1.1\r\nHost: x\r\n"
         + b"".join(b"X-N%d: 1\r\n" % n for n in range(REQUEST_LIMITS["limit_request_fields"] + 1)) + b"\r\n",
         431, "headers_too_large"),
        (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * REQUEST_LIMITS["limit_request_field_size"]
         + b"\r\n\r\n", 431, "headers_too_large"),
        (b"HELLO\r\n\r\n", 400, "bad_request"),
    ],
    ids=["request line too long", "too many headers", "header too long", "not http"],
)
def test_gunicorns_refusals_are_problem_json_and_write_nothing(server, db_engine, raw, status, code):
    before = database_snapshot(db_engine)
    answered, headers, body = raw_exchange(server, raw)
    assert (answered, headers["content-type"]) == (status, PROBLEM_JSON)
    problem = json.loads(body)
    assert (problem["status"], problem["code"], problem["type"]) == (status, code, f"/problems/{code}")
    assert problem["title"] and problem["detail"]
    assert database_snapshot(db_engine) == before
    assert request(server, "GET", "/health")[0] == 200  # the worker is still serving
