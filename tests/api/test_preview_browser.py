"""The preview pages in a real headless browser (Debian's chromium, driven by Playwright).

``GET /programs/{slug}/preview`` from a real ``powerpro serve``: the lifter types maxes in the
form and the grid shows the hand-worked loads of 5/3/1 BBB and Starting Strength.
``powerpro preview FILE.yaml``: the page of a program file under edit; saving a broken file
turns the grid into its ``file:line`` error by itself, and saving the fix brings the grid back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from engine.config import PROJECT_ROOT
from engine.db.migrations import Migrator
from tests.conftest import BACKENDS, new_database
from tests.support.served import Served, free_port, serving

TIMEOUT_MS = 60_000  # a loaded machine runs the simulation slowly



@pytest.fixture(scope="module", params=BACKENDS)
def api(request, tmp_path_factory) -> Iterator[Served]:
    url = new_database(request.param, "preview", tmp_path_factory)
    with Migrator(url) as migrator:
        migrator.apply()
    with serving(url, Path(tmp_path_factory.mktemp("logs")), workers=1) as server:
        yield server


def submit(page: Page, maxes: str, cycles: str = "1") -> None:
    page.fill("#f-maxes", maxes)
    page.fill("#f-cycles", cycles)
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.click("#preview-form button")


def loads(page: Page, week: int, day: int, lift: str, cycle: int = 1) -> list[str]:
    return page.locator(f'table[data-cycle="{cycle}"][data-week="{week}"] '
                        f'tr[data-day="{day}"][data-lift="{lift}"]:not(.warmup) td.load').all_inner_texts()


def test_the_bbb_grid_shows_loads_off_a_90_percent_training_max(browser, api):
    page = browser.new_page()
    try:
        page.goto(api.base + "/programs/wendler-531-bbb/preview", timeout=TIMEOUT_MS)
        submit(page, "squat=300, bench-press=200, deadlift=400, overhead-press=135")
        # Squat TM 270: 65/75/85% -> 175.5, 202.5, 229.5 -> 175, 205 (half up), 230; BBB 50% = 135.
        assert loads(page, 1, 4, "squat") == ["175 lb", "205 lb", "230 lb", "135 lb"]
        # Deadlift TM 360: 234, 270, 306 -> 235, 270, 305; BBB 180.
        assert loads(page, 1, 2, "deadlift") == ["235 lb", "270 lb", "305 lb", "180 lb"]
        # Press TM 121.5, week 3 75/85/95%: 91.125, 103.275, 115.425 -> 90, 105, 115.
        assert loads(page, 3, 1, "overhead-press")[:3] == ["90 lb", "105 lb", "115 lb"]
        assert page.locator("#chart polyline.series").count() == 4  # one line per training max
        assert page.locator("#diagram svg").count() == 1
    finally:
        page.close()


def test_the_starting_strength_grid_adds_weight_every_session(browser, api):
    page = browser.new_page()
    try:
        page.goto(api.base + "/programs/starting-strength/preview", timeout=TIMEOUT_MS)
        submit(page, "squat=200, bench-press=150, deadlift=250, overhead-press=100")
        assert loads(page, 1, 1, "squat") == ["200 lb"]
        assert loads(page, 1, 2, "squat") == ["205 lb"] and loads(page, 1, 2, "deadlift") == ["260 lb"]
        assert loads(page, 1, 3, "overhead-press") == ["105 lb"] and loads(page, 1, 3, "deadlift") == ["270 lb"]
        # Week 2 starts with B: squat 215, bench 155, deadlift 280.
        assert loads(page, 2, 1, "squat") == ["215 lb"] and loads(page, 2, 1, "bench-press") == ["155 lb"]
        submit(page, "squat=200, bench-press=150, deadlift=250, overhead-press=100, squatt=1")
        assert "did you mean 'squat'" in page.inner_text("#errors")
    finally:
        page.close()


@pytest.fixture
def draft(tmp_path) -> Iterator[tuple[Path, str]]:
    """``powerpro preview`` of a copy of starting-strength.yaml; yields (file, base URL)."""
    path = tmp_path / "starting-strength.yaml"
    shutil.copy(PROJECT_ROOT / "specs" / "programs" / "starting-strength.yaml", path)
    port = free_port()
    log = (tmp_path / "preview.log").open("wb")
    process = subprocess.Popen([sys.executable, "-c", "from cli.main import cli; cli()", "preview", str(path),
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ}, cwd=PROJECT_ROOT)
    try:
        yield path, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_powerpro_preview_shows_a_broken_file_its_error_and_reloads_on_save(browser, draft):
    path, base = draft
    text = path.read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(base + "/", timeout=TIMEOUT_MS) if _wait_until_up(page, base) else pytest.fail("not up")
        # The sample work weights: squat 75% of 315 = 236.25 -> 235 (floor 5).
        assert loads(page, 1, 1, "squat") == ["235 lb"]
        lines = text.splitlines()
        slug_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("slug:"))
        path.write_text("\n".join(lines[:slug_line] + ["bogus_field: 1"] + lines[slug_line:]) + "\n",
                        encoding="utf-8")
        page.wait_for_selector("#errors", timeout=TIMEOUT_MS)  # the page reloaded by itself
        assert f"{path}:{slug_line + 1}: bogus_field: unknown field" in page.inner_text("#errors")
        assert page.locator("table.week").count() == 0
        path.write_text(text, encoding="utf-8")
        page.wait_for_selector("table.week", timeout=TIMEOUT_MS)
        assert loads(page, 1, 1, "squat") == ["235 lb"]
    finally:
        page.close()


def _wait_until_up(page: Page, base: str) -> bool:
    for _ in range(200):
        try:
            return page.request.get(base + "/version", timeout=2_000).ok
        except Exception:  # noqa: BLE001 - not listening yet
            page.wait_for_timeout(100)
    return False
