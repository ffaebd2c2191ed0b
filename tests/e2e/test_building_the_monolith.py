"""5/3/1 Building the Monolith through the API: six weeks, then the program is complete.

Three days a week: Monday squat (2 ramp sets + 5x5) and press (3 sets + a max-rep set),
Wednesday deadlift (2 + 3x5) and bench (2 + 5x5), Friday squat with a 20-rep "widowmaker" and
10-15 sets of press; 100-rep totals of chin-ups, dips, face pulls, curls and shrugs, logged in
as many sets as the lifter needs. Percentages of the training max (TM = 85% of the 1RM) go
70/80/90 in weeks 1 and 4, 65/75/85 in 2 and 5, 75/85/95 in 3 and 6. The only progression is a
TM bump when week 3 is completed (+10 lb squat and deadlift, +5 lb bench and press); after
week 6 the program is COMPLETED (after_cycle: end): next-cycle is refused and enrolling again
starts the six weeks anew.

Starting 1RMs: squat 300, bench 200, deadlift 400, press 135 -> TMs 255, 170, 340, 114.75
(kept exact). Loads: TM x percent, nearest 5 lb with halves up.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135}
# Weights the lifter picks where the program leaves them open (bodyweight lifts: added load).
CHOSEN = {"face-pull": 40, "dumbbell-row": 70, "barbell-curl": 65, "shrug": 225, "chin-up": 0, "dip": 0}


def run_day(app, press_amrap: int = 10) -> tuple[dict, list, dict]:
    """Start the next workout, log every set, finish. A 100-rep total is logged as 40 + 30 + 30 under
    its one set_index; the Monday press max-rep set gets ``press_amrap`` reps."""
    workout = app.start()
    applied = []
    for item in workout["sets"]:
        weight = None if item["weight"] is not None else CHOSEN[item["lift"]]
        if item["kind"] == "total_reps":
            assert item["open_ended"] and item["target_reps"] == 100
            reps = [40, 30, 30]
        elif item["kind"] == "mrs":
            assert item["target_reps"] is None and item["is_amrap"]
            reps = [press_amrap]
        else:
            reps = [item["target_reps"]]
        for count in reps:  # an open-ended set accepts each part under the same set_index
            answer = app.log_set(workout, item["set_index"], count, weight)
            assert answer["set"]["set_index"] == item["set_index"] and answer["set"]["reps"] == count
            applied += answer["progressions_applied"]
    return workout, applied, app.finish(workout)


def test_six_weeks_with_the_block_bump_then_complete(frontend):
    """The whole six weeks: the TMs rise once, after week 3; the program ends after week 6."""
    app = frontend("building-the-monolith")
    app.register()
    app.enroll(ONE_RMS)
    sessions = {}
    for week in range(1, 7):
        for day in ("monday", "wednesday", "friday"):
            workout, applied, finished = run_day(app)
            sessions[week, day] = workout
            assert applied == []  # no rule runs on a logged set
            if (week, day) == (3, "friday"):
                # Completing week 3: TM +10 lb squat and deadlift, +5 lb bench and press.
                assert changes(finished) == {
                    "squat": (255, 265, "block-tm-increase", "AFTER_WEEK"),
                    "overhead-press": (114.75, 119.75, "block-tm-increase", "AFTER_WEEK"),
                    "deadlift": (340, 350, "block-tm-increase", "AFTER_WEEK"),
                    "bench-press": (170, 175, "block-tm-increase", "AFTER_WEEK"),
                }
            else:
                assert changes(finished) == {}, (week, day)

    # The finish of week 6's Friday completes the program: COMPLETED, whose one action is to enroll again.
    assert finished["state"]["enrollment_status"] == "COMPLETED"

    # Week 1 Monday (squat TM 255): 70% 178.5 -> 180, 80% 204 -> 205, 5x5 @ 90% 229.5 -> 230.
    # Press (TM 114.75): 70% 80.325 -> 80, 80% 91.8 -> 90, 90% 103.275 -> 105, max-rep set @ 70% = 80.
    monday = sessions[1, "monday"]
    assert weights(monday, "squat") == [180, 205] + [230] * 5
    assert weights(monday, "overhead-press") == [80, 90, 105, 80]
    assert {s["lift"]: s["target_reps"] for s in monday["sets"] if s["kind"] == "total_reps"} == {
        "chin-up": 100, "face-pull": 100, "dip": 100}
    # Week 1 Wednesday: deadlift (TM 340) 238 -> 240, 272 -> 270, 3x5 @ 306 -> 305;
    # bench (TM 170) 119 -> 120, 136 -> 135, 5x5 @ 153 -> 155.
    assert weights(sessions[1, "wednesday"], "deadlift") == [240, 270] + [305] * 3
    assert weights(sessions[1, "wednesday"], "bench-press") == [120, 135] + [155] * 5
    # Week 1 Friday: squat 180, 205, 230, then 1x20 @ 45% 114.75 -> 115; press 10x5 @ 70% = 80.
    friday = sessions[1, "friday"]
    assert weights(friday, "squat") == [180, 205, 230, 115]
    assert [s["target_reps"] for s in friday["sets"] if s["tag"] == "widowmaker"] == [20]
    assert weights(friday, "overhead-press") == [80] * 10
    # Week 2 Monday squat: 65% 165.75 -> 165, 75% 191.25 -> 190, 5x5 @ 85% 216.75 -> 215.
    assert weights(sessions[2, "monday"], "squat") == [165, 190] + [215] * 5
    # Week 3 (still the first TMs): Monday squat 75% 191.25 -> 190, 85% 216.75 -> 215,
    # 5x5 @ 95% 242.25 -> 240; Wednesday deadlift 255, 289 -> 290, 3x5 @ 323 -> 325;
    # Friday widowmaker 55% 140.25 -> 140, press 10x5 @ 75% 86.06 -> 85.
    assert weights(sessions[3, "monday"], "squat") == [190, 215] + [240] * 5
    assert weights(sessions[3, "wednesday"], "deadlift") == [255, 290] + [325] * 3
    assert weights(sessions[3, "friday"], "squat")[-1] == 140
    assert weights(sessions[3, "friday"], "overhead-press") == [85] * 10
    # Week 4 on the bumped TMs: squat 265 x 70% 185.5 -> 185, 80% 212 -> 210, 5x5 @ 90% 238.5 -> 240;
    # Friday 1x20 @ 50% 132.5 -> 135 and press 12x5 @ 60% of 119.75 = 71.85 -> 70.
    assert weights(sessions[4, "monday"], "squat") == [185, 210] + [240] * 5
    assert weights(sessions[4, "friday"], "squat")[-1] == 135
    assert weights(sessions[4, "friday"], "overhead-press") == [70] * 12
    # Week 5 Friday: 1x20 @ 65% 172.25 -> 170; press 15x5 @ 65% 77.84 -> 80.
    assert weights(sessions[5, "friday"], "squat")[-1] == 170
    assert weights(sessions[5, "friday"], "overhead-press") == [80] * 15
    # Week 6 Friday: squat 75% 198.75 -> 200, 85% 225.25 -> 225, 95% 251.75 -> 250,
    # 1x20 @ 70% 185.5 -> 185; press 12x5 @ 75% 89.81 -> 90.
    assert weights(sessions[6, "friday"], "squat") == [200, 225, 250, 185]
    assert weights(sessions[6, "friday"], "overhead-press") == [90] * 12

    # Enrolling again (the completed enrollment is history) starts from the 1RMs entered: week 1
    # Monday is the one worked out above (squat TM 255: 180, 205, 5x5 @ 230; press 80, 90, 105, 80).
    app.enroll_again(ONE_RMS)
    workout = app.start()
    assert weights(workout, "squat") == [180, 205] + [230] * 5
    assert weights(workout, "overhead-press") == [80, 90, 105, 80]
