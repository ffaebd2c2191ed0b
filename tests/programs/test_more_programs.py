"""Building the Monolith, Reddit PPL and nSuns 5-day against programs-detail.md (lb)."""

from decimal import Decimal

from engine.programs import Performance, SlotState, apply_changes, apply_progressions, next_position, prescribe
from tests.programs.support import by_exercise, lb, perform, run_session, shipped, slots_lb

D = Decimal


def four_lifts(squat, bench, deadlift, press):
    return slots_lb(squat=squat, **{"bench-press": bench, "deadlift": deadlift, "overhead-press": press})


def log_week(program, week, slots, reps=None):
    sets = []
    for day in range(program.days_in_week(week)):
        sets += perform(prescribe(program, (week, day), slots, "lb"), reps, f"w{week}d{day}")
    return Performance(sets=tuple(sets), week=week)


def test_monolith_week_1():
    program, slots = shipped("building-the-monolith"), four_lifts(255, 170, 340, "114.75")
    monday, wednesday, friday = (by_exercise(prescribe(program, (1, d), slots, "lb")) for d in range(3))
    assert monday["squat"] == [180, 205] + [230] * 5
    assert monday["overhead-press"] == [80, 90, 105, 80]
    assert wednesday["deadlift"] == [240, 270] + [305] * 3 and wednesday["bench-press"] == [120, 135] + [155] * 5
    assert friday["squat"] == [180, 205, 230, 115] and friday["overhead-press"] == [80] * 10
    chins = [s for s in prescribe(program, (1, 0), slots, "lb") if s.lift == "chin-up"]
    assert [(s.kind.value, s.target_reps, s.open_ended) for s in chins] == [("total_reps", 100, True)]


def test_monolith_tm_rises_after_week_3_only_and_the_program_ends_after_week_6():
    program, slots = shipped("building-the-monolith"), four_lifts(255, 170, 340, "114.75")
    for week in (1, 2):
        assert apply_progressions(program, "AFTER_WEEK", f"w{week}", "e1", slots, log_week(program, week, slots)) == []
    slots = apply_changes(
        slots, apply_progressions(program, "AFTER_WEEK", "w3", "e1", slots, log_week(program, 3, slots))
    )
    assert slots["squat"].weight == lb(265) and slots["overhead-press"].weight == lb("119.75")
    monday, _, friday = (by_exercise(prescribe(program, (4, d), slots, "lb")) for d in range(3))
    assert monday["squat"] == [185, 210] + [240] * 5
    assert friday["squat"][-1] == 135 and friday["overhead-press"] == [70] * 12  # 132.5 -> 135; 71.85 -> 70
    assert not program.repeats and next_position(program, (6, 2)) is None


def ppl_slots():
    slots = slots_lb(deadlift=185, squat=135, **{"bench-press": 115, "barbell-row": 95, "overhead-press": 75})
    program = shipped("reddit-ppl")
    return program, {**{s: SlotState() for s in program.slots}, **slots, "lat-pulldown": SlotState(weight=lb(100))}


def test_ppl_week_1_main_lifts():
    program, slots = ppl_slots()
    # Deadlift (lower body) 185 -> 185 + 5 = 190.
    pull, slots = run_session(
        program, (1, 0), slots, reps=lambda p: 7 if p.is_amrap else p.target_reps, session_id="mon"
    )
    assert by_exercise(pull)["deadlift"] == [185] and slots["deadlift"].weight == lb(190)
    # Bench (upper body) 115 -> 115 + 2.5 = 117.5.
    push, slots = run_session(program, (1, 1), slots, session_id="tue")
    assert by_exercise(push)["bench-press"] == [115] * 5 and slots["bench-press"].weight == lb("117.5")
    assert by_exercise(push)["overhead-press"] == [None] * 3  # the secondary press: no weight entered
    # Squat twice: Wednesday 135 -> 140, Saturday prescribes 140 -> 140 + 5 = 145.
    _, slots = run_session(program, (1, 2), slots, session_id="wed")
    legs, slots = run_session(program, (1, 5), slots, session_id="sat")
    assert by_exercise(legs)["squat"] == [140] * 3 and slots["squat"].weight == lb(145)


def test_ppl_accessory_double_progression():
    program, slots = ppl_slots()
    reps = iter([12, 12, 11])
    _, after = run_session(
        program, (1, 0), slots, reps=lambda p: next(reps) if p.lift == "lat-pulldown" else p.target_reps
    )
    assert after["lat-pulldown"].weight == lb(100)
    # Every set at 12: the accessory step stays 5 lb, 100 + 5 = 105.
    _, after = run_session(program, (1, 0), slots, reps=lambda p: 12 if p.lift == "lat-pulldown" else p.target_reps)
    assert after["lat-pulldown"].weight == lb(105)
    pulldown = [s for s in prescribe(program, (1, 0), after, "lb") if s.lift == "lat-pulldown"]
    assert [(s.target_reps, s.reps_max, s.weight.value) for s in pulldown] == [(8, 12, 105)] * 3


def test_nsuns_week_1_from_programs_detail():
    program, slots = shipped("nsuns-531-lp-5day"), four_lifts(270, 180, 360, "121.5")
    days = [by_exercise(prescribe(program, (1, d), slots, "lb")) for d in range(5)]
    assert days[0]["bench-press"] == [115, 135, 155, 155, 155, 145, 135, 125, 115]
    assert days[0]["overhead-press"] == [60, 75] + [85] * 6
    assert days[1]["squat"] == [205, 230, 255, 245, 230, 215, 205, 190, 175]
    assert days[1]["sumo-deadlift"] == [180, 215] + [250] * 6
    assert days[2]["overhead-press"] == [90, 105, 115, 110, 105, 95, 90, 85, 80]
    assert days[2]["incline-bench-press"] == [70, 90] + [110] * 6
    assert days[3]["deadlift"] == [270, 305, 340, 325, 305, 290, 270, 250, 235]
    assert days[3]["front-squat"] == [95, 120] + [150] * 6
    assert days[4]["bench-press"] == [135, 155, 170, 160, 155, 145, 135, 125, 115]


def test_nsuns_weekly_progression_from_the_1plus_sets():
    program, slots = shipped("nsuns-531-lp-5day"), four_lifts(270, 180, 360, "121.5")
    one_plus = {"bench-press": 4, "squat": 6, "overhead-press": 1, "deadlift": 3}
    week = log_week(program, 1, slots, reps=lambda p: one_plus[p.lift] if p.tag == "top" else p.target_reps)
    slots = apply_changes(slots, apply_progressions(program, "AFTER_WEEK", "w1", "e1", slots, week))
    assert {s: slots[s].weight.value for s in one_plus} == {
        "bench-press": 190, "squat": 285, "overhead-press": D("121.5"), "deadlift": 365,
    }
    # Bench TM 190: 123.5 -> 125, 142.5 -> 145, 161.5 -> 160 x3, 152 -> 150, 145, 133 -> 135, 125.
    monday = by_exercise(prescribe(program, (1, 0), slots, "lb"))
    assert monday["bench-press"] == [125, 145, 160, 160, 160, 150, 145, 135, 125]
