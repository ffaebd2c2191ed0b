"""5/3/1 Boring But Big through the API: the frontend team's guide to a 4-week wave program.

5/3/1 BBB (Jim Wendler) trains one main lift a day (press, deadlift, bench, squat) on a
weekly wave of percentages of a training max (TM = 90% of the 1RM, kept exact), the last set
of weeks 1-3 an AMRAP ("5+", "3+", "1+"), then 5x10 "Boring But Big" at 50% of the TM;
week 4 is a deload without BBB. Nothing changes during the cycle: at CYCLE_COMPLETED every TM
rises (+10 lb squat and deadlift, +5 lb bench and press), unless that lift's + set fell short
of its minimum, which lowers the TM by 10% instead.

The test shows a new lifter running the whole first cycle (16 workouts) set by set, the
loads of every day against hand-worked numbers, no progression before the last finish, the
TM changes on that finish (one lift stalled on purpose, one big AMRAP), BETWEEN_CYCLES, and
the loads of cycle 2.

Starting 1RMs (lb): squat 400, deadlift 400, bench 200, press 135 -> TMs 360, 360, 180, 121.5.
Loads: percent x TM, rounded to the nearest 5 lb, exact halves up.
"""

from __future__ import annotations

from tests.e2e.frontend import changes, weights

ONE_RMS = {"squat.1rm": 400, "deadlift.1rm": 400, "bench-press.1rm": 200, "overhead-press.1rm": 135}
DAYS = ["overhead-press", "deadlift", "bench-press", "squat"]  # one main lift a day, every week

# The three main sets of each week, worked by hand (exact value -> plates).
MAIN = {
    1: {  # 65% x5, 75% x5, 85% x5+
        "overhead-press": [80, 90, 105],  # 121.5: 78.975, 91.125, 103.275
        "deadlift": [235, 270, 305],  # 360: 234, 270, 306
        "bench-press": [115, 135, 155],  # 180: 117, 135, 153
        "squat": [235, 270, 305],  # 360: 234, 270, 306
    },
    2: {  # 70% x3, 80% x3, 90% x3+
        "overhead-press": [85, 95, 110],  # 85.05, 97.2, 109.35
        "deadlift": [250, 290, 325],  # 252, 288, 324
        "bench-press": [125, 145, 160],  # 126, 144, 162
        "squat": [250, 290, 325],
    },
    3: {  # 75% x5, 85% x3, 95% x1+
        "overhead-press": [90, 105, 115],  # 91.125, 103.275, 115.425
        "deadlift": [270, 305, 340],  # 270, 306, 342
        "bench-press": [135, 155, 170],  # 135, 153, 171
        "squat": [270, 305, 340],
    },
    4: {  # deload: 40% x5, 50% x5, 60% x5, no AMRAP
        "overhead-press": [50, 60, 75],  # 48.6, 60.75, 72.9
        "deadlift": [145, 180, 215],  # 144, 180, 216
        "bench-press": [70, 90, 110],  # 72, 90, 108
        "squat": [145, 180, 215],
    },
}
MINIMUM = {1: 5, 2: 3, 3: 1}  # the reps a + set must reach
BBB = {"overhead-press": 60, "deadlift": 180, "bench-press": 90, "squat": 180}  # 50%: 60.75, 180, 90, 180


def amrap_set(workout: dict, lift: str) -> dict:
    (top,) = [s for s in workout["sets"] if s["lift"] == lift and s["is_amrap"]]
    return top


def run_cycle(app, amrap_reps: dict[tuple[int, str], int] | None = None) -> dict:
    """Every workout of the cycle, each set at its target except the listed + sets; checks each
    day's loads and that nothing progresses before the cycle's last finish, which it returns."""
    for week in range(1, 5):
        for lift in DAYS:
            workout = app.start()
            bbb = [BBB[lift]] * 5 if week < 4 else []  # no BBB in the deload week
            assert weights(workout, lift) == MAIN[week][lift] + bbb, (week, lift)
            reps = {}
            if week < 4:
                top = amrap_set(workout, lift)
                assert top["weight"] == MAIN[week][lift][2] and top["min_reps"] == MINIMUM[week]
                reps[top["set_index"]] = (amrap_reps or {}).get((week, lift), MINIMUM[week])
            else:
                assert not any(s["is_amrap"] for s in workout["sets"])
            assert app.log_prescribed_sets(workout, reps) == []  # logging a set never progresses
            finished = app.finish(workout)
            if (week, lift) != (4, "squat"):
                assert finished["progressions_applied"] == []  # nor does a session or a week
    return finished


def test_a_new_lifter_runs_the_whole_first_cycle_and_the_training_maxes_move(frontend):
    """16 workouts at their targets, except two + sets: a 12-rep squat 5+ (kept, but the
    increment stays +10) and week 3's press 1+ at 0 reps (a stall). The last finish completes
    the cycle: three TMs rise, the press TM drops 10%."""
    app = frontend("wendler-531-bbb")
    app.register()
    app.enroll(ONE_RMS)  # ACTIVE / PENDING / PENDING at cycle 1, week 1, day 0

    last = run_cycle(app, amrap_reps={(1, "squat"): 12, (3, "overhead-press"): 0})
    assert last["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    assert changes(last) == {  # CYCLE_COMPLETED, on the finish of week 4's squat day
        "overhead-press": (121.5, 109.35, "stall-reset", "AFTER_CYCLE"),  # 121.5 x 0.9, kept exact
        "deadlift": (360, 370, "tm-increase", "AFTER_CYCLE"),
        "bench-press": (180, 185, "tm-increase", "AFTER_CYCLE"),
        "squat": (360, 370, "tm-increase", "AFTER_CYCLE"),
    }

    # Cycle 2, week 1 (65 / 75 / 85+, BBB 50%) on the new TMs.
    app.next_cycle()
    cycle_2 = {
        "overhead-press": [70, 80, 95] + [55] * 5,  # 109.35: 71.0775, 82.0125, 92.9475; BBB 54.675
        "deadlift": [240, 280, 315] + [185] * 5,  # 370: 240.5, 277.5, 314.5; BBB 185
        "bench-press": [120, 140, 155] + [95] * 5,  # 185: 120.25, 138.75, 157.25; BBB 92.5 (half up)
        "squat": [240, 280, 315] + [185] * 5,  # 370: the programs.md top set, 314.5 -> 315
    }
    for lift in DAYS:
        workout, finished = app.complete_workout()
        assert (workout["cycle_iteration"], workout["week"]) == (2, 1)
        assert weights(workout, lift) == cycle_2[lift]
        assert finished["progressions_applied"] == []
