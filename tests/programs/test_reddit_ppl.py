"""Reddit PPL (Metallicadpa) against programs-detail.md #20 (lb, nearest 2.5).

Starting work weights: deadlift 185, bench 115, squat 135, row 95, press 75; lat pulldown 100,
lateral raise 15, secondary (3x8-12) press 50; no other accessory weight entered. All of them
are already multiples of 2.5 lb, so the program's 2.5 lb rounding leaves them as entered.
Main lifts (programs.md: "+5 lower / +2.5 upper"): +5 lb squat and deadlift, +2.5 lb bench,
press and row per successful session; accessories still add 5 lb.
"""

from decimal import Decimal

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
    # Monday deadlift 185 x 7 on the 5+ set (lower body): next Monday 185 + 5 = 190.
    _, slots = run_session(program, (1, MON), slots, lambda p: 7 if p.is_amrap else p.target_reps, "mon")
    assert slots["deadlift"].weight == lb(190)
    # Tuesday bench 4x5, 1x5+ at 115 done (upper body): 115 + 2.5 = 117.5. The secondary press
    # stays at 50 (8 reps, not 12).
    _, slots = run_session(program, (1, TUE), slots, at_target, "tue")
    assert slots["bench-press"].weight == lb("117.5") and slots["overhead-press.secondary"].weight == lb(50)
    # Squat twice a week: Wednesday 135 -> Saturday 135 + 5 = 140 -> next Wednesday 140 + 5 = 145.
    _, slots = run_session(program, (1, WED), slots, at_target, "wed")
    saturday, slots = run_session(program, (1, SAT), slots, at_target, "sat")
    assert by_exercise(saturday)["squat"] == [140] * 3 and slots["squat"].weight == lb(145)
    # Row 95 + 2.5 = 97.5, press 75 + 2.5 = 77.5.
    _, slots = run_session(program, (1, THU), slots, at_target, "thu")
    _, slots = run_session(program, (1, FRI), slots, at_target, "fri")
    assert (slots["barbell-row"].weight, slots["overhead-press"].weight) == (lb("97.5"), lb("77.5"))
    # The next Tuesday prescribes 117.5 as is: a multiple of the 2.5 lb increment.
    bench = by_exercise(prescribe(program, (1, TUE), slots, "lb"))["bench-press"]
    assert bench == [Decimal("117.5")] * 5


def test_kilogram_increments():
    program, slots = start(kg)  # the same numbers entered in kg: 115 kg bench, 135 kg squat
    # Upper body +1.25 kg: 115 + 1.25 = 116.25.
    _, after = run_session(program, (1, TUE), slots, at_target, "tue")
    assert after["bench-press"].weight == kg("116.25")
    # Lower body +2.5 kg: 135 + 2.5 = 137.5.
    _, after = run_session(program, (1, WED), slots, at_target, "wed")
    assert after["squat"].weight == kg("137.5")


def test_three_consecutive_failed_sessions_deload_ten_percent():
    program, slots = start()
    slots = {**slots, "bench-press": slots["bench-press"].with_(weight=lb(200))}

    def bench_session(state, reps, session):
        logged = lambda p: reps if p.lift == "bench-press" else p.target_reps  # noqa: E731
        return run_session(program, (1, TUE), state, logged, session)[1]

    # A failed session (4 reps) holds 200; a success in between (200 + 2.5 = 202.5) resets the count.
    slots = bench_session(slots, 4, "s1")
    slots = bench_session(slots, 4, "s2")
    assert (slots["bench-press"].weight, slots["bench-press"].failure_count) == (lb(200), 2)
    slots = bench_session(slots, 5, "s3")
    assert (slots["bench-press"].weight, slots["bench-press"].failure_count) == (lb("202.5"), 0)
    for session in ("s4", "s5"):
        slots = bench_session(slots, 4, session)
    assert slots["bench-press"].weight == lb("202.5")
    # The third failed session in a row: 90% of 202.5 = 182.25, nearest 2.5 lb -> 182.5
    # (0.25 above 182.5 against 2.25 above 180).
    slots = bench_session(slots, 3, "s6")
    assert (slots["bench-press"].weight, slots["bench-press"].failure_count) == (lb("182.5"), 0)


def test_accessories_double_progression():
    program, slots = start()
    # Lat pulldown 3x8-12 at 100: 12, 12, 11 holds; 12, 12, 12 adds 5 lb (100 + 5 = 105; the
    # accessory step is unchanged by the main lifts' smaller ones) and the range starts over.
    reps = iter([12, 12, 11])
    pulldown = lambda p: next(reps) if p.lift == "lat-pulldown" else p.target_reps  # noqa: E731
    _, after = run_session(program, (1, MON), slots, pulldown)
    assert after["lat-pulldown"].weight == lb(100)
    _, after = run_session(program, (1, MON), slots, lambda p: 12 if p.lift == "lat-pulldown" else p.target_reps)
    assert after["lat-pulldown"].weight == lb(105)
    again = [s for s in prescribe(program, (1, THU), after, "lb") if s.lift == "lat-pulldown"]
    assert [(s.weight.value, s.target_reps, s.reps_max) for s in again] == [(105, 8, 12)] * 3
    # Lateral raises (3x15-20 twice): every one of the six sets must reach 20 (15 + 5 = 20).
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
