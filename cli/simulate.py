"""``powerpro simulate``: every workout of a program as a lifter performs it (docs/programs.md,
"Simulating a program"), run through the service's own code on an in-memory database.

Every argument is checked before anything runs: a malformed flag, an unknown program, lift,
input, cycle, week or day is exit 2 with the reason (and "did you mean" for names).
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from engine.errors import DomainError
from engine.programs import Weight
from engine.scenario import Override, Scenario, ScenarioError, Where, load, parse_flag
from engine.simulation import Simulator
from engine.spec_files import SpecErrors
from engine.spec_messages import did_you_mean

from .simulate_output import FORMATS

MAX_PATTERN = re.compile(r"^(?P<name>[\w.-]+)=(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>kg|lb)?$")
FLAGS = ("amrap", "rpe", "choice", "fail")


@click.command()
@click.argument("slug")
@click.option("--max", "maxes", multiple=True, metavar="NAME=WEIGHT",
              help="A starting max or weight by lift or input id, e.g. squat=140kg or squat.5rm=120 (repeatable).")
@click.option("--cycles", type=click.IntRange(1, 50), default=None,
              help="Cycles to run (default: the scenario's, else 1).")
@click.option("--amrap", multiple=True, metavar="[LIFT=]+N|N",
              help="AMRAP and max-rep sets: N reps over the minimum (+N) or exactly N (repeatable).")
@click.option("--rpe", multiple=True, metavar="[LIFT=]N|target", help="The RPE logged on RPE sets (repeatable).")
@click.option("--choice", multiple=True, metavar="[LIFT=]target|P%|WEIGHT",
              help="The weight of lifter's-choice and max-test sets: the target, P%% of it, or a weight.")
@click.option("--fail", "fails", multiple=True, metavar="LIFT@[CYCLE/]WEEK/DAY[:SHORT]",
              help="That lift's work sets SHORT reps (default 1) short there; no cycle: every cycle (repeatable).")
@click.option("--scenario", "scenario_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A scenario file (YAML); flags given as well win over it.")
@click.option("--unit", type=click.Choice(["lb", "kg"]), default=None,
              help="The lifter's unit (default: the scenario's, else the first --max's, else lb).")
@click.option("--format", "output", type=click.Choice(sorted(FORMATS)), default="table", show_default=True)
def simulate(slug: str, maxes: tuple[str, ...], cycles: int | None, amrap: tuple[str, ...], rpe: tuple[str, ...],
             choice: tuple[str, ...], fails: tuple[str, ...], scenario_file: Path | None, unit: str | None,
             output: str) -> None:
    """Run SLUG as a lifter would: log every set per the scenario, print loads and every change."""
    simulator = Simulator.for_slug(slug)
    program = simulator.specs.programs.get(slug)
    if program is None:
        raise click.UsageError(f"there is no program {slug!r}{did_you_mean(slug, simulator.specs.programs)}; "
                               f"the programs: {', '.join(sorted(simulator.specs.programs))}")
    try:
        flags = {"amrap": amrap, "rpe": rpe, "choice": choice, "fail": fails}
        scenario = _scenario(scenario_file, unit, maxes, flags)
        scenario.check(program, cycles)
    except SpecErrors as exc:
        raise click.UsageError(str(exc)) from None
    try:
        workouts = list(simulator.run(program, scenario, cycles=cycles))
    except DomainError as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}") from exc
    click.echo(FORMATS[output](workouts).rstrip("\n"))


def _scenario(path: Path | None, unit: str | None, maxes: tuple[str, ...],
              flags: dict[str, tuple[str, ...]]) -> Scenario:
    """The scenario file (if any), then the flags: flags win."""
    scenario = load(path) if path is not None else Scenario(source="command line")
    first_max = next((m["unit"] for m in map(MAX_PATTERN.match, maxes) if m and m["unit"]), None)
    unit = unit or (scenario.unit.value if path is not None else first_max) or "lb"
    parsed = {name: _max(text, unit) for name, text in (_split_max(m) for m in maxes)}
    overrides: list[Override] = [parse_flag(option, text, unit) for option in FLAGS for text in flags[option]]
    return scenario.extended(overrides, maxes=parsed, unit=unit,
                             max_origins={name: _where(text) for name, text in map(_split_max, maxes)})


def _split_max(text: str) -> tuple[str, str]:
    match = MAX_PATTERN.match(text)
    if not match:
        raise ScenarioError([_where(text).error(
            "write NAME=NUMBER[kg|lb] (NAME a lift or an input id), e.g. squat=140kg")])
    return match["name"], text


def _max(text: str, unit: str) -> Weight:
    match = MAX_PATTERN.match(text)
    assert match is not None
    weight = Weight.of(match["value"], match["unit"] or unit)
    if weight.value <= 0:
        raise ScenarioError([_where(text).error("a max is above 0")])
    return weight


def _where(text: str) -> Where:
    return Where("command line", None, f"--max {text}")
