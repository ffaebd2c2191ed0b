"""The simulator lifts like a person (issue 13 item 1): AMRAP reps, RPEs, lifter's-choice and
max-test weights and failures come from the scenario, so the progressions that read them move.

Every expected number is worked by hand in the comment beside it (Epley: a load for r reps is
1RM x 30 / (30 + r); an r-rep max is 1RM-equivalent to w x (30 + r) / 30). The simulator runs
the service's own commands on an in-memory SQLite copy of a migrated template (SQLite only by
design: it is an author's tool that never touches a real database).
"""

from __future__ import annotations

import pytest

from engine.config import PROJECT_ROOT
from engine.programs import load_program_text
from engine.scenario import Scenario, ScenarioError
from engine.simulation import Simulator


@pytest.fixture(scope="module")
def simulator() -> Simulator:
    return Simulator()


def run(simulator, slug, scenario, cycles=None):
    return list(simulator.run(slug, Scenario.from_mapping(scenario), cycles=cycles))


def changes(workouts, slot=None):
    texts = [c.text for w in workouts for c in w.changes]
    return [t for t in texts if slot is None or t.startswith(f"{slot}: ")]


def sets_at(workouts, cycle, week, day, lift):
    """The work sets of ``lift`` there (the simulated lifter skips warm-ups: they are not logged)."""
    workout = next(w for w in workouts if (w.cycle, w.week, w.day) == (cycle, week, day))
    return [s for s in workout.sets if s.prescribed.lift == lift and not s.prescribed.warmup]


def test_nsuns_training_maxes_move_by_the_one_plus_set(simulator):
    workouts = run(simulator, "nsuns-531-lp-5day", {
        "maxes": {"bench-press": 200, "squat": 300, "overhead-press": 100, "deadlift": 400},
        "performances": [{"lift": "bench-press", "amrap": 5}, {"lift": "squat", "amrap": "+3"}],
    })
    # TMs are 90%: bench 180, squat 270. Bench 1+ set: 5 reps -> the 4-5 row, +10 lb; squat 1+3 = 4 -> +10 lb.
    assert changes(workouts, "bench-press") == ["bench-press: 180 lb -> 190 lb (one-plus-set, after the week)"]
    assert changes(workouts, "squat") == ["squat: 270 lb -> 280 lb (one-plus-set, after the week)"]
    assert changes(workouts, "overhead-press") == []  # the default "+0": 1 rep, the 0-1 row holds


def test_greyskull_amrap_doubles_the_step_and_a_short_amrap_deloads(simulator):
    workouts = run(simulator, "greyskull-lp", {
        "maxes": {"overhead-press": 65, "squat": 135, "bench-press": 95, "barbell-row": 95, "deadlift": 135},
        "performances": [{"lift": "squat", "amrap": "+5"}, {"lift": "overhead-press", "at": "1/1/1", "fail": 1}],
    })
    assert [s.logged.reps for s in sets_at(workouts, 1, 1, 1, "overhead-press")] == [4, 4, 4]
    assert changes(workouts)[:3] == [
        "overhead-press: deload 65 lb -> 57.5 lb (amrap-progression, after the session)",  # 58.5 -> nearest 2.5
        "squat: 135 lb -> 145 lb (amrap-progression, after the session)",  # 10 reps: two 5 lb steps
        "bench-press: 95 lb -> 97.5 lb (amrap-progression, after the session)",  # 5 reps: one 2.5 lb step
    ]


def test_gzclp_t3_moves_at_25_reps_and_a_failed_t1_changes_stage_by_name(simulator):
    workouts = run(simulator, "gzclp", {
        "maxes": {"squat.5rm": 200, "bench-press.5rm": 150, "deadlift.5rm": 250, "overhead-press.5rm": 100,
                  "lat-pulldown.t3-start": 100, "dumbbell-row.t3-start": 50},
        "performances": [{"lift": "lat-pulldown", "amrap": 25}, {"lift": "squat", "at": "1/1/1", "fail": 1}],
    })
    assert changes(workouts, "lat-pulldown.t3")[:2] == [
        "lat-pulldown.t3: 100 lb -> 105 lb (t3, after the session)",
        "lat-pulldown.t3: 105 lb -> 110 lb (t3, after the session)",
    ]
    assert changes(workouts, "dumbbell-row.t3") == []  # 15 reps, short of 25
    # T1 at 85% of the 5RM: 170 lb; 2 reps of 3 fails 5x3+ and moves to 6x2+ at the same weight.
    assert changes(workouts, "squat.t1")[0] == "squat.t1: stage 5x3+ -> 6x2+ (t1, after the session)"


def test_vdip_max_rep_sets_go_by_the_reps_the_load_allows(simulator):
    maxes = {"squat": 300, "front-squat": 200, "bench-press": 200, "deadlift": 400, "overhead-press": 120,
             "stiff-leg-deadlift": 250, "spoto-press": 180, "push-press": 150}
    # T1 squat: 85% of the 2RM 300 = 255; the 2RM is a 320 lb 1RM (300 x 32/30); at 255 lb that
    # lifter does floor((320/255 - 1) x 30) = floor(7.65) = 7 reps a set: 21 in 3 sets -> +10 lb.
    workouts = run(simulator, "gzcl-vdip", {"maxes": maxes})
    assert [s.logged.reps for s in sets_at(workouts, 1, 1, 1, "squat")] == [7, 7, 7]
    assert changes(workouts, "squat.t1")[0] == "squat.t1: 255 lb -> 265 lb (t1-volume, after the session)"
    tired = run(simulator, "gzcl-vdip", {"maxes": maxes, "lifter": {"amrap": 3}})  # 9 reps: the 0-9 row holds
    assert changes(tired, "squat.t1") == []


def test_inverted_juggernaut_realization_reps_over_the_standard_raise_the_tm(simulator):
    workouts = run(simulator, "inverted-juggernaut-531", {
        "maxes": {"squat": 300, "bench-press": 200, "deadlift": 400, "overhead-press": 120}, "lifter": {"amrap": "+2"}})
    # TM 90%: squat 270, press 108; 2 reps over the standard: +2 x 5 lb (lower), +2 x 2.5 lb (upper).
    assert changes(workouts, "squat")[0] == "squat: 270 lb -> 280 lb (rep-standard, after the week)"
    assert changes(workouts, "overhead-press")[0] == "overhead-press: 108 lb -> 113 lb (rep-standard, after the week)"


def test_nuckols_rep_max_finds_and_the_tested_1rm(simulator):
    maxes = {"squat": 300, "bench-press": 200, "deadlift": 400}
    workouts = run(simulator, "nuckols-beginner", {"maxes": maxes, "lifter": {"amrap": "+2"}})
    # Week 1 day 2: work up to an 8RM at 300 x 30/38 = 236.8 -> 235 lb; the 3 x 5-6 follow it, +2 capped at 6.
    squat = sets_at(workouts, 1, 1, 2, "squat")
    assert [(str(s.weight), s.logged.reps) for s in squat] == [("235 lb", 8)] + [("235 lb", 6)] * 3
    assert changes(workouts, "squat") == []  # the week-4 test at the target (300 lb) keeps the max
    stronger = run(simulator, "nuckols-beginner", {"maxes": maxes, "lifter": {"choice": "105%"}})
    assert changes(stronger, "squat") == ["squat: 300 lb -> 315 lb (tested-1rm, after the cycle)"]  # 300 x 1.05


def test_nuckols_high_frequency_amap_moves_the_max(simulator):
    workouts = run(simulator, "nuckols-high-frequency", {
        "maxes": {"squat": 300, "bench-press": 200, "deadlift": 400, "overhead-press": 120, "t-bar-row": 150,
                  "lat-pulldown": 120},
        "performances": [{"lift": "squat", "amrap": 8}, {"lift": "bench-press", "amrap": "+6"}]})
    # Week 3 AMAP at 85%: squat 8 reps (8-9: +10 lb), bench 1+6 = 7 (6-7: +5 lb), the rest 1 rep: hold.
    assert changes(workouts, "squat") == ["squat: 300 lb -> 310 lb (amap-max, after the cycle)"]
    assert changes(workouts, "bench-press") == ["bench-press: 200 lb -> 205 lb (amap-max, after the cycle)"]
    assert changes(workouts, "deadlift") == []


def test_rts_logs_rpes_and_the_max_follows_them(simulator):
    maxes = {"squat": 400, "bench-press": 250, "deadlift": 500}
    # Week 1 day 1: 5 @ RPE 9 = 83.7% of 400 = 334.8 -> 335 lb (ceil); logged at RPE 9: 335 / 0.837 = 400.24.
    at_target = run(simulator, "rts-intermediate", {"maxes": maxes})
    top = sets_at(at_target, 1, 1, 1, "squat")[0]
    assert (str(top.weight), top.logged.rpe) == ("335 lb", 9)
    assert changes(at_target, "squat")[0] == "squat: 400 lb -> 400.24 lb (rpe-max, after the set)"
    # Logged at RPE 8 instead: 5 reps @ 8 is 81.1% on the chart: 335 / 0.811 = 413.07.
    easier = run(simulator, "rts-intermediate", {"maxes": maxes, "performances": [{"at": "1/1/1", "rpe": 8}]})
    assert changes(easier, "squat")[0] == "squat: 400 lb -> 413.07 lb (rpe-max, after the set)"


def test_jacked_and_tan_max_test_sets_the_tm_never_to_0(simulator):
    maxes = {"squat": 300, "bench-press": 200, "deadlift": 400, "overhead-press": 120, "front-squat": 220}
    workouts = run(simulator, "jacked-and-tan-2", {"maxes": maxes})
    # TM = the 2RM, 300 = a 320 lb 1RM. Week 1's 10RM: 320 x 30/40 = 240 lb.
    assert str(sets_at(workouts, 1, 1, 1, "squat")[0].weight) == "240 lb"
    # Week 6 tests 320 lb; the TM becomes 90%: 288 (a deload: J&T's TM is a 2RM, 90% of a 1RM is less).
    assert changes(workouts, "squat")[0] == "squat: deload 300 lb -> 288 lb (tested-training-max, after the week)"
    # Week 7's 6RM from TM 288: 288 x 32/30 = 307.2, x 30/36 = 256 -> 255 lb; the drop sets at 85% of it: 216.75 -> 215.
    week7 = sets_at(workouts, 1, 7, 1, "squat")
    assert [str(s.weight) for s in week7[:2]] == ["255 lb", "215 lb"]
    stronger = run(simulator, "jacked-and-tan-2", {"maxes": maxes, "lifter": {"choice": "105%"}})
    # The test at 105%: 336 -> 335 lb on plates; the TM 90% of it: 301.5.
    assert changes(stronger, "squat")[0] == "squat: 300 lb -> 301.5 lb (tested-training-max, after the week)"


def test_stronglifts_failures_count_and_deload_on_the_third(simulator):
    workouts = run(simulator, "stronglifts-5x5", {
        "maxes": {"squat": 135, "bench-press": 95, "barbell-row": 95, "overhead-press": 65, "deadlift": 185},
        "performances": [{"lift": "squat", "fail": 1}]})
    assert changes(workouts, "squat")[:3] == [
        "squat: failures 0 -> 1 (deload-after-three-failures, on failure)",
        "squat: failures 1 -> 2 (deload-after-three-failures, on failure)",
        "squat: deload 135 lb -> 120 lb; failures 2 -> 0 (deload-after-three-failures, on failure)",  # 121.5 -> 120
    ]


def test_a_failure_names_its_cycle(simulator):
    scenario = {"maxes": {"squat": 135, "bench-press": 95, "barbell-row": 95, "overhead-press": 65, "deadlift": 185},
                "performances": [{"lift": "squat", "at": "2/1/1", "fail": 1}]}
    workouts = run(simulator, "stronglifts-5x5", scenario, cycles=2)
    failed = [(w.cycle, w.week, w.day) for w in workouts
              for s in w.sets if s.prescribed.lift == "squat" and not s.prescribed.warmup and s.logged.reps < 5]
    assert set(failed) == {(2, 1, 1)}


def test_warm_ups_are_shown_and_never_logged(simulator):
    # Starting Strength, squat 135 (floored to 5): the bar x5 x2, 40% 54 -> 50, 60% 81 -> 80, 80% 108 -> 105.
    maxes = {"squat": 135, "overhead-press": 75, "bench-press": 115, "deadlift": 185}
    workouts = run(simulator, "starting-strength", {"maxes": maxes})
    squat = [s for s in workouts[0].sets if s.prescribed.lift == "squat"]
    warm = [(True, 45, None), (True, 45, None), (True, 50, None), (True, 80, None), (True, 105, None)]
    seen = [(s.prescribed.warmup, s.weight.value, s.logged and s.logged.reps) for s in squat]
    assert seen == warm + [(False, 135, 5)] * 3
    assert changes(workouts, "squat")[0] == "squat: 135 lb -> 140 lb (add-weight, after the session)"


def test_a_program_under_edit_runs_and_a_bad_scenario_is_refused_before_anything_runs(simulator):
    text = (PROJECT_ROOT / "specs" / "programs" / "starting-strength.yaml").read_text()
    edited = text.replace("slug: starting-strength", "slug: my-strength").replace(
        "change: {add: {lb: 5, kg: 2.5,", "change: {add: {lb: 10, kg: 5,")
    program = load_program_text(edited, "my-strength.yaml", simulator.specs.lifts)
    maxes = {"squat": 135, "overhead-press": 75, "bench-press": 115, "deadlift": 185}
    workouts = list(simulator.run(program, Scenario.from_mapping({"maxes": maxes})))
    assert changes(workouts, "squat")[0] == "squat: 135 lb -> 145 lb (add-weight, after the session)"  # +10 now
    with pytest.raises(ScenarioError) as refused:
        list(simulator.run(program, Scenario.from_mapping({"maxes": {**maxes, "sqaut": 100}})))
    assert "takes no max for 'sqaut' (did you mean 'squat'?)" in str(refused.value)
