"""Starting Strength, StrongLifts 5x5 and GreySkull LP against programs.md (lb)."""

from decimal import Decimal

from engine.programs import Performance, apply_changes, apply_progressions, initial_slots, next_position, prescribe
from tests.programs.support import by_exercise, lb, perform, run_session, shipped, slots_lb
from tests.support.work_sets import work_sets

D = Decimal


def all_fail(lift, reps=3):
    return lambda p: reps if p.lift == lift else p.target_reps


# --- Starting Strength -------------------------------------------------------------------


def ss_start():
    program = shipped("starting-strength")
    maxes = {"squat.work": 135, "overhead-press.work": 75, "bench-press.work": 115, "deadlift.work": 185}
    return program, initial_slots(program, {k: lb(v) for k, v in maxes.items()})


def test_starting_strength_sessions_1_to_3():
    program, slots = ss_start()
    session1, slots = run_session(program, (1, 0), slots, session_id="s1")
    assert by_exercise(session1) == {"squat": [135] * 3, "overhead-press": [75] * 3, "deadlift": [185]}
    session2, slots = run_session(program, (1, 1), slots, session_id="s2")
    assert by_exercise(session2) == {"squat": [140] * 3, "bench-press": [115] * 3, "deadlift": [195]}
    session3, slots = run_session(program, (1, 2), slots, session_id="s3")
    assert by_exercise(session3) == {"squat": [145] * 3, "overhead-press": [80] * 3, "deadlift": [205]}


def test_starting_strength_calendar_is_aba_then_bab():
    program = shipped("starting-strength")
    days = [[program.workout_at(w, d).id for d in range(program.days_in_week(w))] for w in (1, 2)]
    assert days == [["a", "b", "a"], ["b", "a", "b"]]
    assert next_position(program, (1, 2)) == (2, 0) and next_position(program, (2, 2)) is None


def test_a_failed_lift_repeats_its_weight_others_still_go_up():
    program, slots = ss_start()
    _, slots = run_session(program, (1, 0), slots, reps=all_fail("squat", 4), session_id="s1")
    assert slots["squat"].weight == lb(135) and slots["squat"].failure_count == 1
    assert slots["overhead-press"].weight == lb(80)


def test_three_failed_squat_sessions_reset_to_ninety_percent():
    program = shipped("starting-strength")
    slots = slots_lb(squat=150, **{"overhead-press": 80, "bench-press": 120, "deadlift": 205})
    for n, position in enumerate([(1, 0), (1, 1), (1, 2)], start=1):
        prescribed, slots = run_session(program, position, slots, reps=all_fail("squat"), session_id=f"s{n}")
        assert by_exercise(prescribed)["squat"] == [150] * 3
    assert slots["squat"].weight == lb(135) and slots["squat"].failure_count == 0  # 150 x 0.9


def test_a_success_breaks_the_run_of_failures():
    program = shipped("starting-strength")
    slots = slots_lb(squat=150, **{"overhead-press": 80, "bench-press": 120, "deadlift": 205})
    _, slots = run_session(program, (1, 0), slots, reps=all_fail("squat"), session_id="s1")
    _, slots = run_session(program, (1, 1), slots, reps=all_fail("squat"), session_id="s2")
    _, slots = run_session(program, (1, 2), slots, session_id="s3")
    assert slots["squat"].weight == lb(155) and slots["squat"].failure_count == 0
    _, slots = run_session(program, (2, 0), slots, reps=all_fail("squat"), session_id="s4")
    assert slots["squat"].weight == lb(155) and slots["squat"].failure_count == 1


# --- StrongLifts 5x5 ----------------------------------------------------------------------


def sl_slots(**overrides):
    base = {"squat": 135, "bench-press": 200, "barbell-row": 95, "overhead-press": 75, "deadlift": 185}
    return slots_lb(**{**base, **overrides})


def test_stronglifts_squat_135_140_145_on_three_successes():
    program, slots = shipped("stronglifts-5x5"), sl_slots()
    seen = []
    for n, position in enumerate([(1, 0), (1, 1), (1, 2)], start=1):
        prescribed, slots = run_session(program, position, slots, session_id=f"s{n}")
        seen.append(by_exercise(prescribed)["squat"])
    assert seen == [[135] * 5, [140] * 5, [145] * 5]
    assert slots["deadlift"].weight == lb(195)  # trained once (B), +10


def test_stronglifts_bench_failed_three_sessions_in_a_row_deloads_200_to_180():
    program, slots = shipped("stronglifts-5x5"), sl_slots()
    bench_days = [(1, 0), (1, 2), (2, 1)]  # A sessions; B days have no bench
    for n, position in enumerate(bench_days, start=1):
        # Two sets short in one session still count as one failed session.
        bench = [s.set_index for s in work_sets(prescribe(program, position, slots, "lb")) if s.lift == "bench-press"]
        reps = {bench[0]: 3, bench[2]: 3}  # by set index; the others at their target
        prescribed, slots = run_session(program, position, slots, reps=reps, session_id=f"s{n}")
        assert by_exercise(prescribed)["bench-press"] == [200] * 5
        if n < 3:
            assert slots["bench-press"].failure_count == n
    assert slots["bench-press"].weight == lb(180)
    prescribed, _ = run_session(program, (2, 1), slots, session_id="s4")
    assert by_exercise(prescribed)["bench-press"] == [180] * 5


def test_a_session_not_training_a_lift_leaves_it_alone():
    program, slots = shipped("stronglifts-5x5"), sl_slots()
    _, after = run_session(program, (1, 1), slots, session_id="s1")  # B: no bench, no row
    assert after["bench-press"] == slots["bench-press"] and after["barbell-row"] == slots["barbell-row"]


# --- GreySkull LP ---------------------------------------------------------------------------


def greyskull_after(bench, reps_by_set):
    program = shipped("greyskull-lp")
    slots = slots_lb(squat=135, **{"overhead-press": 75, "bench-press": bench, "barbell-row": 95, "deadlift": 185})
    prescribed, after = run_session(program, (1, 1), slots, reps=lambda p: reps_by_set(p), session_id="s1")
    return prescribed, after


def bench_amrap(amrap, earlier=5):
    return lambda p: (amrap if p.is_amrap else earlier) if p.lift == "bench-press" else p.target_reps


def test_greyskull_bench_150_amrap_7_10_4():
    assert greyskull_after(150, bench_amrap(7))[1]["bench-press"].weight == lb("152.5")
    assert greyskull_after(150, bench_amrap(10))[1]["bench-press"].weight == lb(155)
    assert greyskull_after(150, bench_amrap(4))[1]["bench-press"].weight == lb(135)


def test_greyskull_an_earlier_set_short_deloads_even_with_a_good_amrap():
    assert greyskull_after(150, bench_amrap(8, earlier=4))[1]["bench-press"].weight == lb(135)


def test_greyskull_sets_and_the_programs_detail_example():
    amraps = {"bench-press": 4, "barbell-row": 6, "deadlift": 8}
    prescribed, after = greyskull_after(115, lambda p: amraps[p.lift] if p.is_amrap else 5)
    shapes = {(s.exercise_id, s.target_reps, s.is_amrap) for s in prescribed}
    assert ("deadlift", 5, True) in shapes and len([s for s in prescribed if s.lift == "deadlift"]) == 1
    assert [s.is_amrap for s in prescribed if s.lift == "bench-press"] == [False, False, True]
    # 115 x 0.9 = 103.5 -> 102.5 (2.5 lb plates); row 95 -> 97.5; deadlift 185 -> 190.
    assert after["bench-press"].weight == lb("102.5")
    assert after["barbell-row"].weight == lb("97.5")
    assert after["deadlift"].weight == lb(190)
    program = shipped("greyskull-lp")
    slots = slots_lb(squat=135, **{"overhead-press": 75, "bench-press": 115, "barbell-row": 95, "deadlift": 185})
    amraps = {"overhead-press": 7, "squat": 12}
    performed = perform(prescribe(program, (1, 0), slots, "lb"), lambda p: amraps.get(p.lift, 5) if p.is_amrap else 5)
    changes = apply_progressions(program, "AFTER_SESSION", "s1", "e1", slots, Performance(sets=tuple(performed)))
    after = apply_changes(slots, changes)
    assert after["overhead-press"].weight == lb("77.5") and after["squat"].weight == lb(145)
    assert "chin-up" not in {c.slot for c in changes}


def test_greyskull_rounds_to_two_and_a_half_pounds():
    program = shipped("greyskull-lp")
    slots = slots_lb(squat=135, **{"overhead-press": "77.5", "bench-press": 115, "barbell-row": 95, "deadlift": 185})
    assert by_exercise(prescribe(program, (1, 0), slots, "lb"))["overhead-press"] == [D("77.5")] * 3
