"""A program's rules in words and as a graphviz diagram (engine/programs/describe.py, diagram.py):
read from the parsed model, one teller per rule family."""

from __future__ import annotations

import pytest

from engine.programs import load_programs
from engine.programs.describe import TELLERS, tell
from engine.programs.diagram import program_dot
from engine.programs.rules.registry import families


@pytest.fixture(scope="module")
def programs():
    return load_programs()


def words(program, rule_id: str) -> list[str]:
    rule = next(r for r in program.progressions if r.id == rule_id)
    return tell(rule, program).words


def test_every_rule_family_has_a_teller():
    assert set(families()) <= set(TELLERS)


def test_gzclp_t1_is_a_stage_ladder_with_a_retest_that_restarts_stage_one(programs):
    dot = program_dot(programs["gzclp"])
    for node in ('r0_stage1 [label="stage 1: 5x3+"]', 'r0_stage2 [label="stage 2: 6x2+"]',
                 'r0_stage3 [label="stage 3: 10x1+"]', 'r0_retest [label="retest: 5RM test"]'):
        assert node in dot
    assert 'r0_stage1 -> r0_stage2 [label="failure"]' in dot
    assert 'r0_stage3 -> r0_retest [label="failure"]' in dot
    assert 'r0_retest -> r0_stage1 [label="restart at 85% of it"]' in dot
    # T2 has no retest: after 3x6 it goes back to 3x10 at the last failed weight plus 15 / 10 lb.
    assert 'r1_stage3 -> r1_stage1 [label="failure:\\nstage 1 at its last failed weight,\\nlower body +15 lb' in dot


def test_531_bbb_raises_every_training_max_once_a_cycle(programs):
    bbb = programs["wendler-531-bbb"]
    assert words(bbb, "tm-increase")[0].startswith("after each cycle, for ")
    assert "lower body +10 lb / 5 kg, upper body +5 lb / 2.5 kg" in words(bbb, "tm-increase")[1]
    assert 'label="tm-increase (linear, after each cycle)"' in program_dot(bbb)


def test_starting_strength_deloads_10_percent_after_three_failed_sessions(programs):
    said = words(programs["starting-strength"], "reset-after-three-failures")
    assert said[0].startswith("on each failed set")
    assert said[1] == "after 3 failed sessions in a row: x 90%, rounded nearest; a success resets the count"


def test_every_shipped_program_draws(programs):
    for program in programs.values():
        dot = program_dot(program)
        assert dot.startswith(f'digraph "{program.slug}"') and dot.count("subgraph") == len(program.progressions)


def test_531_bbb_raises_the_tm_unless_a_plus_set_stalls_and_cuts_it_10_percent_on_each_stall(programs):
    bbb = programs["wendler-531-bbb"]
    assert words(bbb, "tm-increase")[1].startswith("unless a set falls short: ")  # its `when: not_failed`
    assert words(bbb, "stall-reset")[1] == "after each failure: x 90%"  # after_failures 1: no count
    dot = program_dot(bbb)
    assert 'r0_slots -> r0_slots [label="unless a set falls short:\\nlower body +10 lb / 5 kg,' in dot
    assert 'r1_slots -> r1_slots [label="failure:\\nx 90%"]' in dot


def test_inverted_juggernaut_standards_are_named_by_realization_week(programs):
    # standards [0, 0, 10, 0, 0, 0, 8, 0, 0, 0, 5, 0, 0, 0, 3, 0]: a 0 is a week without one.
    said = words(programs["inverted-juggernaut-531"], "rep-standard")[1]
    assert said.startswith("AMRAP reps against the standard (10 in week 3, 8 in week 7, 5 in week 11, 3 in week 15): ")


def test_a_rep_table_row_of_one_value_is_that_value(programs):
    said = words(programs["nuckols-high-frequency"], "sets-of-six")[1]
    assert said.startswith("by completed sets: 0-1: hold; 2: x 102%; 3: x 104%;") and "12+: x 122%" in said


def test_a_program_without_rules_says_its_weights_never_change(programs):
    # Calgary Barbell prescribes percentages of fixed 1RMs: nothing progresses, yet nothing is the lifter's choice.
    dot = program_dot(programs["calgary-barbell-8"])
    assert 'none [label="no progression rules: no tracked weight changes by itself"]' in dot
    assert "subgraph" not in dot
