"""GZCLP: tiers with independent weights, T1/T2 stage ladders, the 5RM retest, T3 AMRAP."""

from engine.programs import Performance, SlotState, apply_changes, apply_progressions, initial_slots, prescribe
from tests.programs.support import by_exercise, lb, perform, run_session, shipped

A1, B1, A2, B2 = range(4)
MAXES = {"squat.5rm": 260, "bench-press.5rm": 180, "deadlift.5rm": 355, "overhead-press.5rm": 120}


def start(**optional):
    program = shipped("gzclp")
    return program, initial_slots(program, {k: lb(v) for k, v in {**MAXES, **optional}.items()})


def squat_t1(prescribed):
    return [
        (s.target_reps, s.is_amrap, s.weight.value if s.weight else None, s.kind.value)
        for s in prescribed
        if s.slot == "squat.t1"
    ]


def t1_reps(total_short: bool):
    """Every squat T1 set at its target, or one rep short on each set."""
    return lambda p: (p.target_reps - 1 if total_short else p.target_reps) if p.slot == "squat.t1" else p.target_reps


def test_t1_starts_at_85_percent_of_the_5rm_rounded_and_t2_at_65_percent_of_t1():
    program, slots = start()
    assert slots["squat.t1"].weight == lb(220)  # 260 x 0.85 = 221 -> 220
    assert slots["squat.t2"].weight == lb(145)  # 220 x 0.65 = 143 -> 145
    assert slots["bench-press.t2"].weight == lb(100)  # 155 x 0.65 = 100.75 -> 100
    assert slots["lat-pulldown.t3"].weight is None  # optional input left out


def test_an_entered_t2_weight_wins_over_the_default():
    _, slots = start(**{"squat.t2-start": 150})
    assert slots["squat.t2"].weight == lb(150)


def test_a1_is_squat_t1_bench_t2_lat_pulldown_t3():
    program, slots = start()
    a1 = prescribe(program, (1, A1), slots, "lb")
    assert squat_t1(a1) == [(3, False, 220, "work")] * 4 + [(3, True, 220, "work")]
    assert by_exercise(a1)["bench-press"] == [100] * 3
    pulldown = [(s.target_reps, s.is_amrap, s.weight) for s in a1 if s.lift == "lat-pulldown"]
    assert pulldown == [(15, False, None)] * 2 + [(15, True, None)]


def test_t1_squat_220_success_230_then_fails_down_the_stages_to_a_retest():
    program, slots = start()
    _, slots = run_session(program, (1, A1), slots, session_id="s1")
    assert slots["squat.t1"].weight == lb(230) and slots["squat.t1"].stage == 0
    _, slots = run_session(program, (1, A1), slots, reps=t1_reps(True), session_id="s2")
    assert (slots["squat.t1"].weight, slots["squat.t1"].stage) == (lb(230), 1)
    assert squat_t1(prescribe(program, (1, A1), slots, "lb")) == [(2, False, 230, "work")] * 5 + [
        (2, True, 230, "work")
    ]
    _, slots = run_session(
        program, (1, A1), slots, reps=lambda p: 1 if p.slot == "squat.t1" else p.target_reps, session_id="s3"
    )
    assert (slots["squat.t1"].weight, slots["squat.t1"].stage) == (lb(230), 2)
    assert len(squat_t1(prescribe(program, (1, A1), slots, "lb"))) == 10
    _, slots = run_session(
        program, (1, A1), slots, reps=lambda p: 0 if p.slot == "squat.t1" else p.target_reps, session_id="s4"
    )
    assert slots["squat.t1"].stage == 3
    retest = squat_t1(prescribe(program, (1, A1), slots, "lb"))
    assert retest == [(5, False, None, "rm_find")]


def test_after_the_retest_stage_1_restarts_at_85_percent_of_the_new_5rm():
    program = shipped("gzclp")
    slots = {**start()[1], "squat.t1": start()[1]["squat.t1"].with_(weight=lb(230), stage=3)}
    prescribed = prescribe(program, (1, A1), slots, "lb")
    performed = [
        s if s.slot != "squat.t1" else s.__class__(**{**s.__dict__, "weight": lb(270)}) for s in perform(prescribed)
    ]
    after = apply_changes(
        slots, apply_progressions(program, "AFTER_SESSION", "s5", "e1", slots, Performance(sets=tuple(performed)))
    )
    assert (after["squat.t1"].weight, after["squat.t1"].stage) == (lb(230), 0)  # 270 x 0.85 = 229.5 -> 230


def test_programs_detail_squat_t1_235_logs_12_of_15_moves_to_6x2():
    program = shipped("gzclp")
    slots = {**start()[1], "squat.t1": start()[1]["squat.t1"].with_(weight=lb(235))}
    reps = iter([3, 3, 3, 2, 1])
    _, slots = run_session(
        program, (1, A1), slots, reps=lambda p: next(reps) if p.slot == "squat.t1" else p.target_reps
    )
    assert (slots["squat.t1"].weight, slots["squat.t1"].stage) == (lb(235), 1)


def test_success_is_total_reps_so_a_big_amrap_covers_a_short_set():
    program, slots = start()
    reps = iter([3, 3, 2, 3, 6])  # 17 >= 15
    _, slots = run_session(
        program, (1, A1), slots, reps=lambda p: next(reps) if p.slot == "squat.t1" else p.target_reps
    )
    assert slots["squat.t1"].weight == lb(230)


def test_t2_ladder_then_reset_to_3x10_at_the_last_3x10_weight_plus_the_bump():
    program = shipped("gzclp")
    slots = start()[1]
    fail_bench_t2 = lambda p: 5 if p.slot == "bench-press.t2" else p.target_reps  # noqa: E731
    _, slots = run_session(program, (1, A1), slots, session_id="s1")
    assert slots["bench-press.t2"].weight == lb(105)  # +5 upper body
    for n, stage in enumerate([1, 2], start=2):
        _, slots = run_session(program, (1, A1), slots, reps=fail_bench_t2, session_id=f"s{n}")
        assert (slots["bench-press.t2"].weight, slots["bench-press.t2"].stage) == (lb(105), stage)
    assert by_exercise(prescribe(program, (1, A1), slots, "lb"))["bench-press"] == [105] * 3
    _, slots = run_session(program, (1, A1), slots, reps=fail_bench_t2, session_id="s4")
    assert (slots["bench-press.t2"].weight, slots["bench-press.t2"].stage) == (lb(115), 0)  # 105 + 10


def test_t2_lower_body_bump_is_15_and_success_adds_10():
    program = shipped("gzclp")
    failed_at = {"stage1_failed_weight": {"value": "145", "unit": "lb"}}
    slots = {**start()[1], "squat.t2": SlotState(weight=lb(145), stage=2, data=failed_at)}
    _, after = run_session(program, (1, A2), slots, reps=lambda p: 4 if p.slot == "squat.t2" else p.target_reps)
    assert (after["squat.t2"].weight, after["squat.t2"].stage) == (lb(160), 0)
    _, after = run_session(program, (1, A2), after)
    assert after["squat.t2"].weight == lb(170)


def test_t3_adds_five_pounds_at_25_reps_on_the_last_set():
    program = shipped("gzclp")
    slots = {**start()[1], "lat-pulldown.t3": SlotState(weight=lb(100))}
    _, after = run_session(
        program, (1, A1), slots, reps=lambda p: 24 if p.lift == "lat-pulldown" and p.is_amrap else p.target_reps
    )
    assert after["lat-pulldown.t3"].weight == lb(100)
    _, after = run_session(
        program, (1, A1), slots, reps=lambda p: 25 if p.lift == "lat-pulldown" and p.is_amrap else p.target_reps
    )
    assert after["lat-pulldown.t3"].weight == lb(105)


def test_the_rotation_is_a1_b1_a2_b2_each_week():
    program = shipped("gzclp")
    assert [program.workout_at(1, d).id for d in range(4)] == ["a1", "b1", "a2", "b2"]
    assert program.weeks_per_cycle == 1 and program.repeats
