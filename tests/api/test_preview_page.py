"""GET /programs/{slug}/preview: the program preview page, read as HTML through the API.

The loads are worked by hand from the programs' rules (docs/programs-reference.md), never
copied from the engine: Starting Strength adds 5 lb a session (10 lb deadlift) from the
entered work weights; 5/3/1 BBB works off a 90% training max rounded to the nearest 5 lb,
halves up. A bad form is listed on the page (200), never a 500.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from engine.config import PROJECT_ROOT
from tests.support.http import assert_problem

SS_MAXES = "squat=200, bench-press=150, deadlift=250, overhead-press=100"
BBB_MAXES = "squat=300, bench-press=200, deadlift=400, overhead-press=135"

pytestmark = pytest.mark.examples


def grid(html: str, warmups: bool = False) -> dict[tuple[int, int, int, str], list[tuple[str, str]]]:
    """(cycle, week, day, lift) -> [(sets, load), ...] read from the page's week tables: the work
    sets, or the warm-up rows (``class="warmup"``) with ``warmups``."""
    found: dict[tuple[int, int, int, str], list[tuple[str, str]]] = {}
    for table in re.finditer(r'<table class="week" data-cycle="(\d+)" data-week="(\d+)">(.*?)</table>', html, re.S):
        cycle, week = int(table[1]), int(table[2])
        for row in re.finditer(r'<tr data-day="(\d+)" data-lift="([\w.-]+)"( class="warmup")?>.*?'
                               r'<td class="sets">(.*?)</td><td class="load">(.*?)</td>', table[3], re.S):
            if bool(row[3]) == warmups:
                found.setdefault((cycle, week, int(row[1]), row[2]), []).append((unescape(row[4]), unescape(row[5])))
    return found


def errors(html: str) -> list[str]:
    listed = re.search(r'<ul class="errors" id="errors">(.*?)</ul>', html, re.S)
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", listed[1])] if listed else []


def test_starting_strength_grid_adds_5_lb_a_session_and_10_on_the_deadlift(client, recorder):
    page = client.get("/programs/starting-strength/preview", params={"maxes": SS_MAXES, "cycles": "1"},
                      step="preview Starting Strength for your work weights")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    loads = grid(page.text)
    # A: squat 200, press 100, deadlift 250; B: squat 205, bench 150, deadlift 260; A: 210, 105, 270.
    assert loads[(1, 1, 1, "squat")] == [("3 x 5", "200 lb")]
    assert loads[(1, 1, 1, "overhead-press")] == [("3 x 5", "100 lb")]
    assert loads[(1, 1, 1, "deadlift")] == [("1 x 5", "250 lb")]
    assert loads[(1, 1, 2, "squat")] == [("3 x 5", "205 lb")]
    assert loads[(1, 1, 2, "bench-press")] == [("3 x 5", "150 lb")]
    assert loads[(1, 1, 2, "deadlift")] == [("1 x 5", "260 lb")]
    assert loads[(1, 1, 3, "squat")] == [("3 x 5", "210 lb")]
    assert loads[(1, 1, 3, "overhead-press")] == [("3 x 5", "105 lb")]
    assert loads[(1, 1, 3, "deadlift")] == [("1 x 5", "270 lb")]
    # Warm-ups, shown apart: squat 200, the bar x5 x2, 40% 80, 60% 120, 80% 160 (floored to 5).
    assert grid(page.text, warmups=True)[(1, 1, 1, "squat")] == [
        ("2 x 5", "45 lb"), ("1 x 5", "80 lb"), ("1 x 3", "120 lb"), ("1 x 2", "160 lb")]
    assert 'class="series" data-slot="squat"' in page.text  # the chart of tracked weights
    assert 'id="diagram"><svg' in page.text and "https://" not in page.text.replace("http://www.w3.org", "")


def test_531_bbb_grid_works_off_a_90_percent_training_max(client):
    page = client.get("/programs/wendler-531-bbb/preview", params={"maxes": BBB_MAXES, "cycles": "2"})
    loads = grid(page.text)
    # Squat TM 270: week 1 65/75/85% = 175.5, 202.5, 229.5 -> 175, 205 (half up), 230; BBB 5 x 50% = 135.
    assert loads[(1, 1, 4, "squat")] == [("1 x 5", "175 lb"), ("1 x 5", "205 lb"), ("1 x 5+", "230 lb"),
                                         ("5 x 10", "135 lb")]
    # Week 3 75/85/95%: 202.5, 229.5, 256.5 -> 205, 230, 255.
    assert [load for _, load in loads[(1, 3, 4, "squat")][:3]] == ["205 lb", "230 lb", "255 lb"]
    # Bench TM 180: 117, 135, 153 -> 115, 135, 155; BBB 90.
    assert [load for _, load in loads[(1, 1, 3, "bench-press")]] == ["115 lb", "135 lb", "155 lb", "90 lb"]
    # Cycle 2: TM + 10 lb lower body (280): 182, 210, 238 -> 180, 210, 240; BBB 140.
    assert [load for _, load in loads[(2, 1, 4, "squat")]] == ["180 lb", "210 lb", "240 lb", "140 lb"]


def test_without_maxes_the_form_starts_from_sample_inputs(client):
    page = client.get("/programs/gzclp/preview")
    assert page.status_code == 200
    # Squat 5RM sample: 315 / (1 + 5/30) = 270 (floor 5); T1 85% = 229.5 -> 230.
    assert 'value="squat.5rm=270' in page.text
    assert grid(page.text)[(1, 1, 1, "squat")][0] == ("4 x 3", "230 lb")


@pytest.mark.parametrize(("params", "message"), [
    ({"maxes": "squat=heavy"}, "maxes: squat: write a weight"),
    ({"maxes": "squat"}, "maxes: write NAME=WEIGHT"),
    ({"cycles": "0"}, "cycles: a whole number from 1 to 8"),
    ({"unit": "stone"}, "unit: write lb or kg"),
    ({"maxes": SS_MAXES + ", squatt=100"}, "did you mean 'squat'"),
    ({"maxes": SS_MAXES, "fail": "squat@1/9/1"}, "--fail squat@1/9/1"),
    ({"maxes": SS_MAXES, "amrap": "squat=lots"}, "amrap:"),
])
def test_a_bad_form_is_listed_on_the_page_in_place_of_the_grid(client, params, message):
    page = client.get("/programs/starting-strength/preview", params=params)
    assert page.status_code == 200
    assert any(message in error for error in errors(page.text)), errors(page.text)
    assert grid(page.text) == {}


def test_an_unknown_program_is_a_404_problem(client, recorder):
    assert_problem(client.get("/programs/starting-strenght/preview", step="preview a misspelled program"),
                   404, "unknown_program")


def test_an_unknown_field_is_a_422_problem(client, recorder):
    assert_problem(client.get("/programs/starting-strength/preview", params={"max": "squat=200"},
                              step="preview with a field the form does not have"), 422, "validation_failed")


def test_the_program_links_its_generated_page_and_its_preview(client):
    program = client.get("/programs/gzclp").json
    assert program["docs_page"] == "docs/programs/gzclp.md" and (PROJECT_ROOT / program["docs_page"]).is_file()
    assert program["preview"] == "/programs/gzclp/preview"


def test_a_long_program_previews_its_first_workouts_only_and_says_so(client):
    page = client.get("/programs/inverted-juggernaut-531/preview", params={"cycles": "3"})  # 64 a cycle
    assert page.status_code == 200 and 'id="bounded"' in page.text
    days = {(c, w, d) for c, w, d, _ in grid(page.text)}
    assert len(days) == 48 and {c for c, _, _ in days} == {1}


def test_the_preview_draws_the_rules_diagram_of_the_generated_page(client):
    """The preview and docs/programs/<slug>.md draw one DOT graph (engine/programs/diagram.py):
    GZCLP's T1 ladder 5x3+ -> 6x2+ -> 10x1+ -> 5RM retest is on the page."""
    page = client.get("/programs/gzclp/preview", params={"cycles": "1"}).text
    diagram = page[page.index('id="diagram"'):]
    texts = {unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", diagram)}
    assert {"stage 1: 5x3+", "stage 2: 6x2+", "stage 3: 10x1+", "retest: 5RM test"} <= texts
    assert "t1 (stages, after each session)" in texts
