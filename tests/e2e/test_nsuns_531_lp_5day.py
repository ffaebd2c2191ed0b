"""nSuns 5/3/1 LP, 5-day, through the API: a one-week cycle that repeats.

Each day is a T1 lift (nine sets, percent of its training max, TM = 90% of the 1RM) and a T2
lift loaded from another lift's TM. Nothing moves during the week; when the week's last
workout is finished, each T1 TM moves by the reps of that lift's 95% "1+" set (bench: Friday's):
0-1 reps +0, 2-3 +5 lb, 4-5 +10 lb, 6+ +15 lb (0 to 3 steps of 5 lb, programs.md). The other
AMRAP sets are logged but drive nothing. The test runs the whole first week with the four
outcomes, then starts the second cycle on the new TMs.

Starting 1RMs (programs-detail.md 2.5): bench 200, squat 300, deadlift 400, press 135 -> TMs
180, 270, 360, 121.5 (kept exact). Loads: TM x percent, nearest 5 lb with halves up.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"bench-press.1rm": 200, "squat.1rm": 300, "deadlift.1rm": 400, "overhead-press.1rm": 135}


def index_of(workout: dict, lift: str, *, tag: str | None = None, last: bool = False) -> int:
    """The set_index of ``lift``'s set tagged ``tag`` (the 1+ set), or of its last set."""
    sets = [s for s in workout["sets"] if s["lift"] == lift and (tag is None or s["tag"] == tag)]
    return sets[-1 if last else 0]["set_index"]


def test_a_week_of_1_plus_sets_moves_each_training_max_by_its_reps(frontend):
    """The whole first week, the 1+ sets at 4 (bench), 6 (squat), 1 (press) and 3 (deadlift) reps."""
    app = frontend("nsuns-531-lp-5day")
    app.register()
    app.enroll(ONE_RMS)

    # Monday, volume bench (TM 180): 65% 117 -> 115 x8, 75% 135 x6, 85% 153 -> 155 x4 x3,
    # 80% 144 -> 145 x5, 75% 135 x6, 70% 126 -> 125 x7, 65% 115 x8+. No 1+ set on Monday.
    # T2 press from the press TM 121.5: 50% 60.75 -> 60, 60% 72.9 -> 75, then 70% 85.05 -> 85 x6.
    workout = app.start()
    assert weights(workout, "bench-press") == [115, 135, 155, 155, 155, 145, 135, 125, 115]
    assert [s["target_reps"] for s in workout["sets"] if s["lift"] == "bench-press"] == [8, 6, 4, 4, 4, 5, 6, 7, 8]
    assert weights(workout, "overhead-press") == [60, 75] + [85] * 6
    assert not [s for s in workout["sets"] if s["tag"] == "top"]
    # The 8+ set done for 12 reps: logged, but it drives nothing, then or at the end of the week.
    logged = app.log_prescribed_sets(workout, reps={index_of(workout, "bench-press", last=True): 12})
    finished = app.finish(workout)
    assert logged == [] and changes(finished) == {}

    # Tuesday, squat (TM 270): 75% 202.5 -> 205 x5, 85% 229.5 -> 230 x3, 95% 256.5 -> 255 x1+,
    # 90% 243 -> 245, 85% 230, 80% 216 -> 215, 75% 205, 70% 189 -> 190, 65% 175.5 -> 175 x5+.
    # T2 sumo deadlift from the deadlift TM 360: 50% 180, 60% 216 -> 215, 70% 252 -> 250 x6.
    workout = app.start()
    assert weights(workout, "squat") == [205, 230, 255, 245, 230, 215, 205, 190, 175]
    assert weights(workout, "sumo-deadlift") == [180, 215] + [250] * 6
    top = index_of(workout, "squat", tag="top")
    assert workout["sets"][top]["weight"] == 255 and workout["sets"][top]["is_amrap"]
    logged = app.log_prescribed_sets(workout, reps={top: 6})
    finished = app.finish(workout)
    assert logged == [] and changes(finished) == {}

    # Wednesday, press (TM 121.5): 75% 91.125 -> 90, 85% 103.275 -> 105, 95% 115.425 -> 115 x1+,
    # 90% 109.35 -> 110, 85% 105, 80% 97.2 -> 95, 75% 90, 70% 85.05 -> 85, 65% 78.975 -> 80 x5+.
    # T2 incline bench from the bench TM 180: 40% 72 -> 70, 50% 90, 60% 108 -> 110 x6.
    # The 1+ set makes 1 rep; the 5+ set makes 12: only the 1+ set counts.
    workout = app.start()
    assert weights(workout, "overhead-press") == [90, 105, 115, 110, 105, 95, 90, 85, 80]
    assert weights(workout, "incline-bench-press") == [70, 90] + [110] * 6
    app.log_prescribed_sets(workout, reps={index_of(workout, "overhead-press", tag="top"): 1,
                                           index_of(workout, "overhead-press", last=True): 12})
    assert changes(app.finish(workout)) == {}

    # Thursday, deadlift (TM 360): 270, 306 -> 305, 342 -> 340 x1+, 324 -> 325, 306 -> 305,
    # 288 -> 290, 270, 252 -> 250, 234 -> 235 x3+; triples after the 1+ set.
    # T2 front squat from the squat TM 270: 35% 94.5 -> 95, 45% 121.5 -> 120, 55% 148.5 -> 150 x6.
    workout = app.start()
    assert weights(workout, "deadlift") == [270, 305, 340, 325, 305, 290, 270, 250, 235]
    assert [s["target_reps"] for s in workout["sets"] if s["lift"] == "deadlift"] == [5, 3, 1, 3, 3, 3, 3, 3, 3]
    assert weights(workout, "front-squat") == [95, 120] + [150] * 6
    app.log_prescribed_sets(workout, reps={index_of(workout, "deadlift", tag="top"): 3})
    assert changes(app.finish(workout)) == {}

    # Friday, heavy bench (TM 180): 75% 135, 85% 153 -> 155, 95% 171 -> 170 x1+, 90% 162 -> 160,
    # 85% 155 x5, 80% 144 -> 145, 75% 135, 70% 126 -> 125, 65% 117 -> 115 x5+.
    # T2 close-grip bench from the bench TM: 70, 90, 110 x6 (as the incline).
    workout = app.start()
    assert weights(workout, "bench-press") == [135, 155, 170, 160, 155, 145, 135, 125, 115]
    assert weights(workout, "close-grip-bench-press") == [70, 90] + [110] * 6
    logged = app.log_prescribed_sets(workout, reps={index_of(workout, "bench-press", tag="top"): 4})
    assert logged == []

    # Finishing Friday completes the week, and with it the one-week cycle: the TMs move.
    # Bench 4 reps (4-5): +10 -> 190. Squat 6 (6+): +15 -> 285. Press 1 (0-1): holds, no change.
    # Deadlift 3 (2-3): +5 -> 365.
    finished = app.finish(workout)
    assert changes(finished) == {
        "bench-press": (180, 190, "one-plus-set", "AFTER_WEEK"),
        "squat": (270, 285, "one-plus-set", "AFTER_WEEK"),
        "deadlift": (360, 365, "one-plus-set", "AFTER_WEEK"),
    }
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"

    # Cycle 2, Monday: bench TM 190: 65% 123.5 -> 125, 75% 142.5 -> 145, 85% 161.5 -> 160 x3,
    # 80% 152 -> 150, 75% 145, 70% 133 -> 135, 65% 125. The press TM held: T2 60, 75, 85 x6.
    app.next_cycle()
    workout = app.start()
    assert weights(workout, "bench-press") == [125, 145, 160, 160, 160, 150, 145, 135, 125]
    assert weights(workout, "overhead-press") == [60, 75] + [85] * 6
    app.log_prescribed_sets(workout)
    app.finish(workout)

    # Tuesday: squat TM 285: 75% 213.75 -> 215, 85% 242.25 -> 240, 95% 270.75 -> 270,
    # 90% 256.5 -> 255 (half up), 85% 240, 80% 228 -> 230, 75% 215, 70% 199.5 -> 200,
    # 65% 185.25 -> 185. Sumo from the deadlift TM 365: 50% 182.5 -> 185, 60% 219 -> 220,
    # 70% 255.5 -> 255.
    workout = app.start()
    assert weights(workout, "squat") == [215, 240, 270, 255, 240, 230, 215, 200, 185]
    assert weights(workout, "sumo-deadlift") == [185, 220] + [255] * 6
