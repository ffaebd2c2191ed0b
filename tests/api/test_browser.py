"""A browser app on another origin, in a real headless browser (Debian's chromium, driven by
Playwright): a page served from an origin of POWERPRO_CORS_ORIGINS registers, enrolls, starts
a workout and logs a set with ``fetch`` against a real ``powerpro serve``; a page from an origin
not listed is refused by the browser itself. One browser for the module; one server per backend.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from engine.config import PROJECT_ROOT
from engine.db.migrations import Migrator
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS
from tests.conftest import BACKENDS, new_database
from tests.support.http import DEFAULT_PASSWORD, unique_email
from tests.support.served import Served, free_port, serving

PAGE = """<!doctype html>
<meta charset="utf-8">
<title>PowerPro in a browser</title>
<script>
async function call(api, method, path, {token, body, key} = {}) {
  const headers = {};
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (key) headers["Idempotency-Key"] = key;
  const sent = body === undefined ? undefined : JSON.stringify(body);
  const response = await fetch(api + path, {method, headers, body: sent});
  return {
    status: response.status,
    location: response.headers.get("Location"),
    replayed: response.headers.get("Idempotent-Replayed"),
    requestId: response.headers.get("X-Request-ID"),
    body: await response.json(),
  };
}

async function workout(api, email, password, program, inputs) {
  const registered = await call(api, "POST", "/auth/register", {body: {email, password}});
  const signedIn = await call(api, "POST", "/auth/login", {body: {email, password}});
  const token = signedIn.body.token, userId = signedIn.body.user.id;
  const enrolled = await call(api, "POST", `/users/${userId}/enrollment`, {token, body: {program, inputs}});
  const started = await call(api, "POST", "/workouts/start", {token, key: crypto.randomUUID()});
  const setKey = crypto.randomUUID();
  const path = `/workouts/${started.body.workout.id}/sets`;
  const first = started.body.workout.sets.find((s) => !s.warmup).set_index;  // the first work set
  const logged = await call(api, "POST", path, {token, key: setKey, body: {set_index: first, reps: 5}});
  const retried = await call(api, "POST", path, {token, key: setKey, body: {set_index: first, reps: 5}});
  const again = await call(api, "POST", path, {token, body: {set_index: first, reps: 5}});
  return {registered, signedIn, enrolled, started, logged, retried, again};
}

async function attempt(api) {
  try {
    const response = await fetch(api + "/auth/login", {method: "POST", headers: {"Content-Type": "application/json"},
                                                       body: JSON.stringify({email: "x@example.com", password: "x"})});
    return {refused: false, status: response.status};
  } catch (error) {
    return {refused: true, error: String(error)};
  }
}
</script>
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's name
        pass



@pytest.fixture(scope="module")
def page_origins(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """Two static servers of the same page, on two origins: (listed, not listed)."""
    root = tmp_path_factory.mktemp("page")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tuple(f"http://127.0.0.1:{server.server_address[1]}" for server in servers)
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=BACKENDS)
def api(request, tmp_path_factory, page_origins) -> Iterator[Served]:
    """``powerpro serve`` on a fresh database, allowing the first page origin only."""
    url = new_database(request.param, "browser", tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    specs = tmp_path_factory.mktemp("specs") / "specs"
    shutil.copytree(PROJECT_ROOT / "specs", specs, ignore=shutil.ignore_patterns("programs"))
    (specs / "programs").mkdir()
    shutil.copy(PROJECT_ROOT / "specs" / "programs" / f"{STRONGLIFTS}.yaml", specs / "programs")
    with serving(url, Path(tmp_path_factory.mktemp("logs")), workers=1,
                 env={"POWERPRO_CORS_ORIGINS": page_origins[0], "POWERPRO_SPECS": str(specs)}) as server:
        yield server


def open_page(browser: Browser, origin: str):
    page = browser.new_page()
    page.goto(origin + "/index.html")
    return page


def test_a_page_on_a_listed_origin_signs_in_enrolls_starts_and_logs_a_set(browser, page_origins, api):
    page = open_page(browser, page_origins[0])
    try:
        flow = page.evaluate("(args) => workout(...args)",
                             [api.base, unique_email("browser"), DEFAULT_PASSWORD, STRONGLIFTS, STRONGLIFTS_INPUTS])
    finally:
        page.close()

    assert flow["registered"]["status"] == 201 and flow["signedIn"]["status"] == 200
    assert flow["enrolled"]["status"] == 201
    assert flow["enrolled"]["body"]["state"]["program"]["slug"] == STRONGLIFTS
    started = flow["started"]
    assert started["status"] == 201 and started["body"]["workout"]["status"] == "IN_PROGRESS"
    assert started["location"] == f"/workouts/{started['body']['workout']['id']}"  # an exposed header
    assert started["requestId"]
    logged, retried = flow["logged"], flow["retried"]
    assert logged["status"] == 201 and logged["replayed"] is None
    assert logged["body"]["set"]["reps"] == 5 and logged["body"]["set"]["weight"] == 100
    assert retried["status"] == 201 and retried["replayed"] == "true" and retried["body"] == logged["body"]
    again = flow["again"]  # no key: a new request, refused with the set as it was logged
    assert again["status"] == 409 and again["body"]["code"] == "set_already_logged"
    assert again["body"]["set"] == logged["body"]["set"]


def test_a_page_on_an_origin_not_listed_is_refused_by_the_browser(browser, page_origins, api):
    page = open_page(browser, page_origins[1])
    try:
        attempt = page.evaluate("api => attempt(api)", api.base)
    finally:
        page.close()

    assert attempt["refused"] is True, attempt
    assert "Failed to fetch" in attempt["error"]
    assert api.request("GET", "/health").status == 200  # the server itself was up all along
