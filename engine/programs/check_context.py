"""What every semantic check of a program file shares: the context that collects errors, the
defensive readers of the raw YAML mapping and its field paths.

checks.py runs the checks; checks_workouts.py, checks_rules.py and the rule families'
``check`` functions (engine/programs/rules/) build on this module, never on one another.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.programs.defaults import inline_workout_id
from engine.programs.lifts import Lift
from engine.programs.warmups import WarmupScheme
from engine.spec_files import SpecDocument, SpecError
from engine.spec_messages import did_you_mean

Path = tuple[str | int, ...]


def weeks_text(count: int) -> str:
    return f"{count} week" if count == 1 else f"{count} weeks"


def as_map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass
class CheckContext:
    """Collects a file's mistakes. A *consequence* is an error that another mistake usually
    causes (an unused slot after a misspelled lift, a tag no set carries after a misspelled
    field): it is reported only when no direct mistake explains it."""

    doc: SpecDocument
    lifts: Mapping[str, Lift]
    errors: list[SpecError] = field(default_factory=list)
    consequences: list[SpecError] = field(default_factory=list)
    warmups: Mapping[str, WarmupScheme] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any]:
        return as_map(self.doc.data)

    def error(self, path: Sequence[str | int], message: str) -> None:
        self.errors.append(self.doc.error(tuple(path), message))

    def consequence(self, path: Sequence[str | int], message: str) -> None:
        self.consequences.append(self.doc.error(tuple(path), message))

    def unknown(self, path: Sequence[str | int], what: str, name: Any, known: Iterable[Any]) -> None:
        """``unknown slot 'sqaut' (did you mean 'squat'?)``."""
        self.error(path, f"unknown {what} {name!r}{did_you_mean(name, known)}")

    @property
    def slot_ids(self) -> set[str]:
        return set(as_map(self.data.get("slots")))

    @property
    def input_ids(self) -> set[str]:
        return set(as_map(self.data.get("inputs")))

    @property
    def weeks_per_cycle(self) -> int | None:
        schedule = as_map(self.data.get("schedule"))
        if "weeks" in schedule:
            return len(as_list(schedule["weeks"])) or None
        count = schedule.get("weeks_per_cycle", 1)
        return count if isinstance(count, int) else None

    def workouts(self) -> Iterator[tuple[str, dict[str, Any], Path]]:
        """Every workout: the named ones, then those written inline in the schedule."""
        for wid, raw in as_map(self.data.get("workouts")).items():
            yield wid, as_map(raw), ("workouts", wid)
        for path, week, day, raw in self.schedule_days():
            if isinstance(raw, dict):
                yield inline_workout_id(raw, week, day), raw, path

    def schedule_days(self) -> Iterator[tuple[Path, int, int, Any]]:
        schedule = as_map(self.data.get("schedule"))
        if "weeks" in schedule:
            for w, week in enumerate(as_list(schedule["weeks"]), start=1):
                for d, day in enumerate(as_list(as_map(week).get("days")), start=1):
                    yield ("schedule", "weeks", w - 1, "days", d - 1), w, d, day
        else:
            for d, day in enumerate(as_list(schedule.get("every_week")), start=1):
                yield ("schedule", "every_week", d - 1), 1, d, day

    def check_lift(self, path: Path, slug: Any) -> None:
        if isinstance(slug, str) and slug not in self.lifts:
            hint = did_you_mean(slug, self.lifts) or ": add it to specs/lifts.yaml or fix the slug"
            self.error(path, f"unknown lift {slug!r}{hint}")


def all_groups(sets: Any) -> Iterator[Any]:
    if isinstance(sets, list):
        yield from sets
    for stage in as_list(as_map(sets).get("stages")):
        yield from as_list(stage)
    yield from as_list(as_map(sets).get("retest"))
