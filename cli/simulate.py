"""``powerpro simulate``: print every session of a program for given maxes, as the service runs it."""

from __future__ import annotations

import re

import click

from engine.errors import DomainError
from engine.programs import PrescribedSet, Weight
from engine.simulation import Failure, simulate as run_simulation

MAX_PATTERN = re.compile(r"^(?P<name>[\w.-]+)=(?P<value>\d+(?:\.\d+)?)(?P<unit>kg|lb)$")
FAIL_PATTERN = re.compile(r"^(?P<lift>[\w-]+)@(?P<week>\d+)/(?P<day>\d+)$")


def _maxes(ctx, param, values) -> dict[str, Weight]:
    parsed = {}
    for value in values:
        match = MAX_PATTERN.match(value)
        if not match:
            raise click.BadParameter(f"{value!r}: write NAME=NUMBERkg or NAME=NUMBERlb (NAME a lift or an input id)")
        parsed[match["name"]] = Weight.of(match["value"], match["unit"])
    return parsed


def _failures(ctx, param, values) -> list[Failure]:
    parsed = []
    for value in values:
        match = FAIL_PATTERN.match(value)
        if not match:
            raise click.BadParameter(f"{value!r}: write LIFT@WEEK/DAY, e.g. squat@2/1 (day 1 is the week's first)")
        parsed.append(Failure(match["lift"], int(match["week"]), int(match["day"])))
    return parsed


@click.command()
@click.argument("slug")
@click.option("--max", "maxes", multiple=True, callback=_maxes, metavar="NAME=WEIGHT",
              help="A starting max or weight, e.g. squat=140kg or squat.5rm=120kg (repeatable).")
@click.option("--cycles", type=click.IntRange(1, 20), default=1, show_default=True)
@click.option("--fail", "failures", multiple=True, callback=_failures, metavar="LIFT@WEEK/DAY",
              help="Log that lift's sets one rep short in that workout (repeatable).")
@click.option("--unit", type=click.Choice(["lb", "kg"]), default=None,
              help="The lifter's unit (default: the first max's).")
def simulate(slug: str, maxes: dict[str, Weight], cycles: int, failures: list[Failure], unit: str | None) -> None:
    """Print the prescribed sets of every session of SLUG, applying progressions as the engine does."""
    unit = unit or next((str(w.unit) for w in maxes.values()), "lb")
    try:
        for workout in run_simulation(slug, maxes, cycles=cycles, failures=failures, unit=unit):
            click.echo(f"\ncycle {workout.cycle} week {workout.week} day {workout.day_index + 1}: {workout.name}")
            for line in _set_lines(workout.sets):
                click.echo(f"  {line}")
            for change in workout.progressions:
                click.echo(f"  -> {change}")
    except DomainError as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}") from exc


def _set_lines(sets: list[PrescribedSet]) -> list[str]:
    """Consecutive identical sets folded: ``squat  3 x 5 @ 135 lb``; warm-ups say so
    (``squat  2 x 5 @ 45 lb warm-up``)."""
    folded: list[list] = []  # [lift, reps, load, count]
    for item in sets:
        reps = "?" if item.target_reps is None else f"{item.target_reps}{'+' if item.is_amrap else ''}"
        load = f"{item.weight.value} {item.weight.unit}" if item.weight is not None else "(lifter's choice)"
        load += " warm-up" if item.warmup else ""
        if folded and folded[-1][:3] == [item.lift, reps, load]:
            folded[-1][3] += 1
        else:
            folded.append([item.lift, reps, load, 1])
    return [f"{lift:<24} {count} x {reps:<4} @ {load}" for lift, reps, load, count in folded]
