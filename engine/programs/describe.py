"""A program's progression rules told in words and as a small graph, for its generated page
(docs/programs/<slug>.md) and the preview page: one telling per rule family, so a new family
adds one entry to ``TELLERS`` rather than a branch here.

Every rule becomes a ``Story``: sentences, and edges between named nodes. The node ``slots``
stands for the rule's slots; a stages rule adds one node per stage of its ladder (GZCLP's T1
5x3+ -> 6x2+ -> 10x1+ -> 5RM retest). Nothing here runs a rule: it reads the parsed model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from engine.programs import model as m
from engine.programs.rules.base import Change, Increment
from engine.programs.units import Amount, format_decimal

SLOTS = "slots"

TRIGGER_WORDS = {
    m.Trigger.AFTER_SET: "after each set",
    m.Trigger.AFTER_SESSION: "after each session",
    m.Trigger.AFTER_WEEK: "after each week",
    m.Trigger.AFTER_CYCLE: "after each cycle",
    m.Trigger.ON_FAILURE: "on each failed set",
}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


@dataclass
class Story:
    words: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    nodes: dict[str, str] = field(default_factory=dict)  # extra nodes (id -> label) besides ``slots``


# -- amounts and changes in words -------------------------------------------------------------
def amount_words(amount: Amount, signed: bool = False) -> str:
    sign = "+" if signed and amount.lb >= 0 else ""
    return f"{sign}{format_decimal(amount.lb)} lb / {format_decimal(amount.kg)} kg"


def increment_words(increment: Increment | None, signed: bool = False) -> str:
    """``lower body +10 lb / 5 kg, upper body +5 lb / 2.5 kg``: the most specific amount first."""
    if increment is None:
        return ""
    parts = [f"{slug} {amount_words(a, signed)}" for slug, a in sorted(increment.lifts.items())]
    parts += [f"{body} body {amount_words(a, signed)}"
              for body, a in (("lower", increment.lower), ("upper", increment.upper)) if a is not None]
    if increment.uniform is not None:
        uniform = amount_words(increment.uniform, signed)
        parts.append(f"otherwise {uniform}" if parts else uniform)
    return ", ".join(parts)


def change_words(change: Change | None) -> str:
    """``+10 lb / 5 kg``, ``x 90%``, ``+5 lb / 2.5 kg then x 90%, rounded down``; ``hold`` for none."""
    if change is None:
        return "hold"
    parts = []
    if change.add is not None:
        parts.append(increment_words(change.add, signed=True))
    if change.percent is not None:
        parts.append(f"x {format_decimal(change.percent)}%")
    words = " then ".join(parts) or "hold"
    return f"{words}, rounded {change.round}" if change.round is not None else words


def set_list_words(groups: m.SetList) -> str:
    """``5x3+``, ``3x10``, ``5RM test``: a staged set list as an author writes it on paper."""
    return " + ".join(_group_words(g) for g in groups if not g.warmup)


def _group_words(group: m.SetGroup) -> str:
    if group.kind is m.SetKind.RM_FIND:
        return f"{group.reps}RM test"
    reps = "max" if group.reps is None else f"{group.reps}{'-' + str(group.reps_max) if group.reps_max else ''}"
    plus = "+" if group.plus or group.kind is m.SetKind.MRS else ""
    return f"{group.sets}x{reps}{plus}"


# -- one telling per family --------------------------------------------------------------------
def _linear(rule, program: m.Program) -> Story:
    when = {"success": "when every set meets its target", "not_failed": "unless a set falls short",
            "always": "always"}[rule.when]
    change = change_words(rule.change)
    return Story([f"{when}: {change}"], [Edge(SLOTS, SLOTS, f"{when.removeprefix('when ')}: {change}")])


def _deload(rule, program: m.Program) -> Story:
    scope = "failed session" if rule.trigger is m.Trigger.ON_FAILURE else "failure"
    change = change_words(rule.change)
    if rule.after_failures == 1:  # no count to keep: every failure deloads
        return Story([f"after each {scope}: {change}"], [Edge(SLOTS, SLOTS, f"{scope}: {change}")])
    times = f"{rule.after_failures} {scope}s in a row"
    return Story([f"after {times}: {change}; a success resets the count"],
                 [Edge(SLOTS, SLOTS, f"{times}: {change}")])


def _stages(rule, program: m.Program) -> Story:
    ladder = _ladder(rule, program)
    success = "total reps reach the stage's target" if rule.success == "total_reps" else "every set meets its target"
    change = change_words(rule.on_success)
    story = Story([f"success ({success}): same stage, {change}; failure: same weight, next stage "
                   f"({' -> '.join(set_list_words(s) for s in ladder) or 'no staged sets'})"])
    names = [f"stage{i + 1}" for i in range(len(ladder))]
    story.nodes.update({f"stage{i + 1}": f"stage {i + 1}: {set_list_words(s)}" for i, s in enumerate(ladder)})
    for i, name in enumerate(names):
        story.edges.append(Edge(name, name, f"success: {change}"))
        if i + 1 < len(names):
            story.edges.append(Edge(name, names[i + 1], "failure"))
    if not names:
        return story
    last = rule.on_last_stage_failure
    if last.action == "retest":
        retest = _retest(rule, program)
        story.nodes["retest"] = f"retest: {retest}"
        story.edges += [Edge(names[-1], "retest", "failure"),
                        Edge("retest", names[0], f"restart at {format_decimal(last.percent)}% of it")]
        story.words.append(f"failure at the last stage: {retest}, then stage 1 at "
                           f"{format_decimal(last.percent)}% of the new max")
    else:
        add = increment_words(last.add, signed=True)
        story.edges.append(Edge(names[-1], names[0], f"failure: stage 1 at its last failed weight, {add}"))
        story.words.append(f"failure at the last stage: back to stage 1 at the weight where it last failed, {add}")
    return story


def _rep_table(rule, program: m.Program) -> Story:
    measure = rule.measure.replace("_", " ")
    rows = [f"{_span(row.min, row.max)}: {change_words(row.change)}" for row in rule.rows]
    story = Story([f"by {measure}: " + "; ".join(rows)], [Edge(SLOTS, SLOTS, f"{measure} {row}") for row in rows])
    if rule.on_missed_sets is not None:
        missed = change_words(rule.on_missed_sets)
        story.words.append(f"a missed (non-AMRAP) set: {missed}")
        story.edges.append(Edge(SLOTS, SLOTS, f"missed set: {missed}"))
    return story


def _span(low: int, high: int | None) -> str:
    """``6-7``, ``10+``, and ``2`` for a row of one value."""
    return f"{low}+" if high is None else str(low) if high == low else f"{low}-{high}"


def _double_progression(rule, program: m.Program) -> Story:
    change = change_words(rule.change)
    return Story([f"when every set reaches the top of its rep range: {change}"],
                 [Edge(SLOTS, SLOTS, f"top of the range: {change}")])


def _rep_standard(rule, program: m.Program) -> Story:
    standard = (str(rule.standard) if rule.standard is not None  # a week's 0: none that week
                else ", ".join(f"{s} in week {w}" for w, s in enumerate(rule.standards, start=1) if s))
    step = increment_words(rule.step, signed=True)
    floor = "; never down" if rule.never_decrease else ""
    return Story([f"AMRAP reps against the standard ({standard}): {step} per rep above (or below){floor}"],
                 [Edge(SLOTS, SLOTS, f"AMRAP vs {standard}: {step} per rep{floor}")])


def _e1rm(rule, program: m.Program) -> Story:
    tm = f"{format_decimal(rule.tm_percent)}% of the {rule.formula} estimate"
    story = Story([f"the best set's {rule.formula} estimate sets the max ({rule.update.replace('_', ' ')}); "
                   f"the weight is {tm}"], [Edge(SLOTS, SLOTS, f"new e1RM: {tm}")])
    for name, change in (("no record", rule.on_no_record), ("failure", rule.on_failure)):
        if change is not None:
            story.words.append(f"{name}: {change_words(change)}")
            story.edges.append(Edge(SLOTS, SLOTS, f"{name}: {change_words(change)}"))
    return story


def _max_test(rule, program: m.Program) -> Story:
    tm = f"{format_decimal(rule.percent)}% of the heaviest successful test set"
    return Story([f"a max test sets the weight to {tm}"], [Edge(SLOTS, SLOTS, f"max test: {tm}")])


TELLERS: dict[str, Callable[[m.Rule, m.Program], Story]] = {
    "linear": _linear,
    "deload": _deload,
    "stages": _stages,
    "rep_table": _rep_table,
    "double_progression": _double_progression,
    "rep_standard": _rep_standard,
    "e1rm": _e1rm,
    "max_test": _max_test,
}


def tell(rule: m.Rule, program: m.Program) -> Story:
    """The rule's story; a family without a teller (a new one) still gets its description."""
    teller = TELLERS.get(rule.type)
    story = teller(rule, program) if teller else Story([rule.type])
    story.words.insert(0, f"{TRIGGER_WORDS[rule.trigger]}{_weeks(rule.weeks)}, for {', '.join(rule.slots)}")
    return story


def _weeks(weeks: frozenset[int] | None) -> str:
    return "" if weeks is None else f" of week {', '.join(str(w) for w in sorted(weeks))}"


def _staged_exercises(rule: m.Rule, program: m.Program) -> Iterable[m.Exercise]:
    for workout in program.workouts.values():
        yield from (e for e in workout.exercises if e.slot in rule.slots and e.sets.stages)


def _ladder(rule: m.Rule, program: m.Program) -> tuple[m.SetList, ...]:
    return next((e.sets.stages for e in _staged_exercises(rule, program)), ())


def _retest(rule: m.Rule, program: m.Program) -> str:
    retest = next((e.sets.retest for e in _staged_exercises(rule, program) if e.sets.retest), None)
    return set_list_words(retest) if retest else "a new rep max"
