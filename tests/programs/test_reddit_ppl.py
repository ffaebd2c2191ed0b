"""Reddit PPL (Metallicadpa) against programs-detail.md #20 (lb, nearest 5).

Starting work weights: deadlift 185, bench 115, squat 135, row 95, press 75; lat pulldown 100,
lateral raise 15, secondary (3x8-12) press 50; no other accessory weight entered.
Main lifts: +10 lb squat and deadlift, +5 lb bench, press and row per successful session.
"""

from engine.programs import initial_slots, prescribe
from tests.programs.support import by_exercise, kg, lb, run_session, shipped

MON, TUE, WED, THU, FRI, SAT = range(6)
START = {
    "deadlift.work": 185, "bench-press.work": 115, "squat.work": 135, "barbell-row.work": 95,
    "overhead-press.work": 75, "lat-pulldown.start": 100, "lateral-raise.start": 15,
    "overhead-press.secondary-start": 50,
}


def start(unit=lb):
    program = shipped("reddit-ppl")
    return program, initial_slots(program, {k: unit(v) for k, v in START.items()})


def at_target(p):
    return p.target_reps


def test_week_1_prescriptions():
    program, slots = start()
    pull = by_exercise(prescribe(program, (1, MON), slots, "lb"))
    assert pull["deadlift"] == [185] and pull["lat-pulldown"] == [100] * 3 and pull["face-pull"] == [None] * 5
    push = prescribe(program, (1, TUE), slots, "lb")
    bench = [s for s in push if s.exercise_id == "bench-press"]
    assert [(s.weight.value, s.target_reps, s.is_amrap) for s in bench] == [(115, 5, False)] * 4 + [(115, 5, True)]
    # The secondary press (3x8-12) has its own weight; lateral raises appear in both supersets.
    assert by_exercise(push)["overhead-press"] == [50] * 3
    assert by_exercise(push)["lateral-raise"] == [15] * 3 and by_exercise(push)["lateral-raise-2"] == [15] * 3
    assert {s.superset for s in push if s.lift in ("triceps-pushdown", "lateral-raise")} == {"pushdown", "extension"}
    legs = by_exercise(prescribe(program, (1, WED), slots, "lb"))
    assert legs["squat"] == [135] * 3
    # Press B: press 4x5, 1x5+ at 75; row on Pull B at 95.
    assert by_exercise(prescribe(program, (1, FRI), slots, "lb"))["overhead-press"] == [75] * 5
    assert by_exercise(prescribe(program, (1, THU), slots, "lb"))["barbell-row"] == [95] * 5


def test_main_lifts_add_weight_after_each_successful_session():
    program, slots = start()
    # Monday deadlift 185 x 7 on the 5+ set: next Monday 185 + 10 = 195.
    _, slots = run_session(program, (1, MON), slots, lambda p: 7 if p.is_amrap else p.target_reps, "mon")
    assert slots["deadlift"].weight == lb(195)
    # Tuesday bench 4x5, 1x5+ at 115 done: 120. The secondary press stays (8 reps, not 12).
    _, slots = run_session(program, (1, TUE), slots, at_target, "tue")
    assert slots["bench-press"].weight == lb(120) and slots["overhead-press.secondary"].weight == lb(50)
    # Squat twice a week: Wednesday 135 -> Saturday 145 -> next Wednesday 155.
    _, slots = run_session(program, (1, WED), slots, at_target, "wed")
    saturday, slots = run_session(program, (1, SAT), slots, at_target, "sat")
    assert by_exercise(saturday)["squat"] == [145] * 3 and slots["squat"].weight == lb(155)
    # Row 95 -> 100, press 75 -> 80.
    _, slots = run_session(program, (1, THU), slots, at_target, "thu")
    _, slots = run_session(program, (1, FRI), slots, at_target, "fri")
    assert (slots["barbell-row"].weight, slots["overhead-press"].weight) == (lb(100), lb(80))


def test_kilogram_increments():
    program, slots = start(kg)  # the same numbers entered in kg: 115 kg bench, 135 kg squat
    _, after = run_session(program, (1, TUE), slots, at_target, "tue")
    assert after["bench-press"].weight == kg("117.5")
    _, after = run_session(program, (1, WED), slots, at_target, "wed")
    assert after["squat"].weight == kg(140)


def test_three_consecutive_failed_sessions_deload_ten_percent():
    program, slots = start()
    slots = {**slots, "bench-press": slots["bench-press"].with_(weight=lb(200))}

    def bench_session(state, reps, session):
        logged = lambda p: reps if p.lift == "bench-press" else p.target_reps  # noqa: E731
        return run_session(program, (1, TUE), state, logged, session)[1]

    # A failed session (4 reps) holds 200; a success in between resets the count.
    slots = bench_session(slots, 4, "s1")
    slots = bench_session(slots, 4, "s2")
    assert (slots["bench-press"].weight, slots["bench-press"].failure_count) == (lb(200), 2)
    slots = bench_session(slots, 5, "s3")
    assert (slots["bench-press"].weight, slots["bench-press"].failure_count) == (lb(205), 0)
    for session in ("s4", "s5"):
        slots = bench_session(slots, 4, session)
    assert slots["bench-press"].weight == lb(205)
    # The third failed session in a row: 90% of 205 = 184.5 -> 185.
    slots = bench_session(slots, 3, "s6")
    assert (slots["bench-press"].weight, slots["bench-press"].failure_count) == (lb(185), 0)


def test_accessories_double_progression():
    program, slots = start()
    # Lat pulldown 3x8-12 at 100: 12, 12, 11 holds; 12, 12, 12 adds 5 lb and the range starts over.
    reps = iter([12, 12, 11])
    pulldown = lambda p: next(reps) if p.lift == "lat-pulldown" else p.target_reps  # noqa: E731
    _, after = run_session(program, (1, MON), slots, pulldown)
    assert after["lat-pulldown"].weight == lb(100)
    _, after = run_session(program, (1, MON), slots, lambda p: 12 if p.lift == "lat-pulldown" else p.target_reps)
    assert after["lat-pulldown"].weight == lb(105)
    again = [s for s in prescribe(program, (1, THU), after, "lb") if s.lift == "lat-pulldown"]
    assert [(s.weight.value, s.target_reps, s.reps_max) for s in again] == [(105, 8, 12)] * 3
    # Lateral raises (3x15-20 twice): every one of the six sets must reach 20.
    top = {"lateral-raise": 20}
    _, after = run_session(program, (1, TUE), slots, lambda p: top.get(p.lift, p.target_reps))
    assert after["lateral-raise"].weight == lb(20)
    _, after = run_session(
        program, (1, TUE), slots, lambda p: 19 if p.exercise_id == "lateral-raise-2" else top.get(p.lift, p.target_reps)
    )
    assert after["lateral-raise"].weight == lb(15)
    # An accessory without a starting weight is the lifter's choice and never progresses.
    _, after = run_session(program, (1, MON), slots, lambda p: p.reps_max or p.target_reps)
    assert after["face-pull"].weight is None and after["lat-pulldown"].weight == lb(105)
