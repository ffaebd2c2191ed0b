"""Inverted Juggernaut 5/3/1 against programs-detail.md #9 (lb, CEILING to 2.5).

TMs: squat 270 (1RM 300), bench 200, deadlift 360, press 121.5.
"""

from engine.programs import (
    Performance,
    SlotState,
    apply_changes,
    apply_progressions,
    initial_slots,
    next_position,
    prescribe,
)
from tests.programs.support import kg, lb, perform, shipped, slots_lb

PRESS, SQUAT, BENCH, DEADLIFT = range(4)


def start(squat=270, bench=200, deadlift=360, press="121.5"):
    program = shipped("inverted-juggernaut-531")
    return program, slots_lb(squat=squat, **{"bench-press": bench, "deadlift": deadlift, "overhead-press": press})


def main_sets(program, week, day, slots, unit="lb"):
    lift = program.workout_at(week, day).exercises[0].lift
    return [s for s in prescribe(program, (week, day), slots, unit) if s.lift == lift]


def by_tag(sets, tag):
    return [s.weight.value for s in sets if s.tag == tag]


def logged_week(program, week, slots, realization=None, other_amraps=None):
    """The week logged as prescribed; the realization AMRAP of each lift gets
    ``realization[lift]`` reps, any other AMRAP ``other_amraps``."""
    realization = realization or {}

    def reps(p):
        if p.tag == "realization":
            return realization.get(p.lift, p.target_reps)
        if p.is_amrap and other_amraps is not None:
            return other_amraps
        return p.target_reps

    sets = []
    for day in range(program.days_in_week(week)):
        sets += perform(prescribe(program, (week, day), slots, "lb"), reps, f"w{week}d{day}")
    return Performance(sets=tuple(sets), week=week)


def after_week(program, week, slots, performance):
    return apply_changes(slots, apply_progressions(program, "AFTER_WEEK", f"w{week}", "e1", slots, performance))


def test_training_max_is_90_percent_of_the_1rm():
    program = shipped("inverted-juggernaut-531")
    maxes = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135}
    slots = initial_slots(program, {k: lb(v) for k, v in maxes.items()})
    assert slots["squat"].weight == lb(270) and slots["overhead-press"].weight == lb("121.5")


def test_squat_weeks_1_to_4_of_the_10s_wave():
    program, slots = start()
    week1 = main_sets(program, 1, SQUAT, slots)
    # Volume 9x5 @ 60% = 162 -> ceil 162.5, the last set 5+.
    assert by_tag(week1, "volume") == [162.5] * 9
    assert [s.is_amrap for s in week1 if s.tag == "volume"] == [False] * 8 + [True]
    # 5/3/1: 65% 175.5 -> 177.5, 75% 202.5, 85% 229.5 -> 230 (5+), 202.5, 177.5 (5+).
    assert by_tag(week1, "pyramid") == [177.5, 202.5, 230, 202.5, 177.5]
    assert [s.is_amrap for s in week1 if s.tag == "pyramid"] == [False, False, True, False, True]
    week2 = main_sets(program, 2, SQUAT, slots)
    # 55% 148.5 -> 150, 62.5% 168.75 -> 170, then 5x3 @ 67.5% 182.25 -> 182.5 (last 3+).
    assert by_tag(week2, "volume") == [150, 170] + [182.5] * 5
    # 70% 189 -> 190, 80% 216 -> 217.5, 90% 243 -> 245, 217.5, 190.
    assert by_tag(week2, "pyramid") == [190, 217.5, 245, 217.5, 190]
    week3 = main_sets(program, 3, SQUAT, slots)
    # Realization 50% 135 x5, 60% 162 -> 162.5 x3, 70% 189 -> 190 x1, then 75% 202.5 x10+.
    assert by_tag(week3, "volume") == [135, 162.5, 190]
    realization = [s for s in week3 if s.tag == "realization"]
    assert [(s.weight.value, s.target_reps, s.is_amrap) for s in realization] == [(202.5, 10, True)]
    # 5/3/1 week 3: 75% 202.5, 85% 229.5 -> 230, 95% 256.5 -> 257.5, 230, 202.5.
    assert by_tag(week3, "pyramid") == [202.5, 230, 257.5, 230, 202.5]
    # Deload: 40% 108 -> 110, 50% 135, 60% 162 -> 162.5, x5 each, no volume and no AMRAP.
    week4 = main_sets(program, 4, SQUAT, slots)
    assert [(s.weight.value, s.target_reps, s.is_amrap, s.tag) for s in week4] == [
        (110, 5, False, "pyramid"), (135, 5, False, "pyramid"), (162.5, 5, False, "pyramid"),
    ]


def test_later_waves_volume_sets():
    program, slots = start()
    # 8s accumulation: 7x5 @ 65% 175.5 -> 177.5. 5s intensification: 65% 177.5 x2,
    # 72.5% 195.75 -> 197.5 x2, 3x5 @ 77.5% 209.25 -> 210. 3s realization: 50% 135 x5,
    # 60% 162.5 x3, 70% 190 x2, 75% 202.5, 80% 216 -> 217.5, 85% 229.5 -> 230, then 90% 243 -> 245 x3+.
    assert by_tag(main_sets(program, 5, SQUAT, slots), "volume") == [177.5] * 7
    week10 = main_sets(program, 10, SQUAT, slots)
    assert by_tag(week10, "volume") == [177.5, 197.5, 210, 210, 210]
    assert [s.target_reps for s in week10 if s.tag == "volume"] == [2, 2, 5, 5, 5]
    week15 = main_sets(program, 15, SQUAT, slots)
    assert by_tag(week15, "volume") == [135, 162.5, 190, 202.5, 217.5, 230]
    assert [(s.weight.value, s.target_reps) for s in week15 if s.tag == "realization"] == [(245, 3)]


def test_realization_amrap_moves_the_tm_by_the_rep_standard():
    program, slots = start()
    # 10s wave: squat 13 reps (standard 10): 270 + 3 x 5 = 285. Bench 13: 200 + 3 x 2.5 = 207.5.
    # Deadlift 8: 360 - 2 x 5 = 350 (below the standard lowers it). Press 10: unchanged.
    realization = {"squat": 13, "bench-press": 13, "deadlift": 8, "overhead-press": 10}
    after = after_week(program, 3, slots, logged_week(program, 3, slots, realization))
    assert {s: after[s].weight for s in after} == {
        "squat": lb(285), "bench-press": lb("207.5"), "deadlift": lb(350), "overhead-press": lb("121.5"),
    }
    # Week 5 (8s accumulation) squat: 7x5 @ 65% of 285 = 185.25 -> 187.5.
    assert by_tag(main_sets(program, 5, SQUAT, after), "volume") == [187.5] * 7


def test_each_wave_has_its_own_rep_standard():
    program, slots = start()
    # 8s wave, week 7: squat 10 reps -> 270 + 2 x 5 = 280.
    assert after_week(program, 7, slots, logged_week(program, 7, slots, {"squat": 10}))["squat"].weight == lb(280)
    # 5s wave, week 11: bench 9 reps -> 200 + 4 x 2.5 = 210.
    assert after_week(program, 11, slots, logged_week(program, 11, slots, {"bench-press": 9}))[
        "bench-press"
    ].weight == lb(210)
    # 3s wave, week 15: press 5 reps -> 121.5 + 2 x 2.5 = 126.5.
    assert after_week(program, 15, slots, logged_week(program, 15, slots, {"overhead-press": 5}))[
        "overhead-press"
    ].weight == lb("126.5")


def test_only_the_realization_amrap_of_a_realization_week_counts():
    program, slots = start()
    # Weeks 1, 2 and 4 never change the TM, whatever the AMRAPs.
    for week in (1, 2, 4):
        performance = logged_week(program, week, slots, other_amraps=20)
        assert apply_progressions(program, "AFTER_WEEK", f"w{week}", "e1", slots, performance) == []
    # Week 3 with the 5/3/1 AMRAPs at 20 reps but the realization set at its standard: no change.
    performance = logged_week(program, 3, slots, other_amraps=20)
    assert apply_progressions(program, "AFTER_WEEK", "w3", "e1", slots, performance) == []


def test_kilograms_round_up_to_1_25():
    program = shipped("inverted-juggernaut-531")
    slots = {s: SlotState(weight=kg(123)) for s in ("squat", "bench-press", "deadlift", "overhead-press")}
    week1 = main_sets(program, 1, SQUAT, slots, "kg")
    # 60% of 123 = 73.8 -> 75 (ceil to 1.25, not 72.5 or 75 by nearest 2.5); 65% 79.95 -> 80;
    # 75% 92.25 -> 92.5; 85% 104.55 -> 105.
    assert by_tag(week1, "volume")[0] == 75 and by_tag(week1, "pyramid")[:3] == [80, 92.5, 105]
    assert all(s.weight.unit == "kg" for s in week1)
    # Squat 12 reps in week 3: +2 x 2.5 kg = 128.
    after = after_week(program, 3, slots, logged_week(program, 3, slots, {"squat": 12}))
    assert after["squat"].weight == kg(128)


def test_accessories_follow_the_phase_and_skip_deloads():
    program, slots = start()

    def accessory_reps(week):
        return {
            s.lift: s.target_reps for s in prescribe(program, (week, PRESS), slots, "lb") if s.lift == "lateral-raise"
        }

    assert [accessory_reps(week) for week in (1, 2, 3, 4)] == [
        {"lateral-raise": 15},
        {"lateral-raise": 12},
        {"lateral-raise": 10},
        {},
    ]
    lateral = [s for s in prescribe(program, (1, PRESS), slots, "lb") if s.lift == "lateral-raise"]
    assert len(lateral) == 5 and all(s.weight is None for s in lateral)


def test_the_cycle_is_16_weeks_and_repeats():
    program, _ = start()
    assert program.weeks_per_cycle == 16 and program.repeats
    assert next_position(program, (16, DEADLIFT)) is None
