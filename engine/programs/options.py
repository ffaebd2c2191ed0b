"""Choices a program lets the lifter make at enrollment (``options:``; docs/programs.md).

An option is an enumerated value (``values: [85, 90]``), a bounded number (``minimum``,
``maximum``), a bounded weight (``weight: true``: bounds per unit, the lifter's number is in
their unit) or a date (``date: true``, optional: the meet a schedule ends on). The program's
YAML uses it where a number or an amount goes, as ``{option: <id>}`` (``times: N`` scales it:
Smolov Jr's week 3 adds 2X). An enrollment's program is the file with its chosen values written
in: ``substitute`` replaces every reference before the file is checked and built, so
prescriptions and rules read plain numbers, and every check and rule family works on options
without knowing about them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from engine.programs.blocks import expand_blocks
from engine.programs.units import KG_PER_LB, Unit, to_decimal

OPTION_KEY = "option"


class OptionRefused(ValueError):
    """A chosen value the program does not allow; ``field`` is ``options.<id>``."""

    def __init__(self, option_id: str, message: str, allowed: dict[str, Any]) -> None:
        super().__init__(message)
        self.field = f"options.{option_id}"
        self.allowed = allowed


@dataclass(frozen=True)
class Option:
    id: str
    description: str = ""
    values: tuple[Any, ...] | None = None  # enumerated
    minimum: Any = None  # a number, or {lb, kg} for a weight
    maximum: Any = None
    default: Any = None
    weight: bool = False
    date: bool = False

    @property
    def kind(self) -> str:
        return "enum" if self.values is not None else "weight" if self.weight else "date" if self.date else "number"

    def describe(self) -> dict[str, Any]:
        """What GET /programs/{slug} shows of it."""
        shown: dict[str, Any] = {"id": self.id, "kind": self.kind, "description": self.description,
                                 "default": self.default}
        if self.values is not None:
            shown["values"] = list(self.values)
        elif not self.date:
            shown |= {"minimum": self.minimum, "maximum": self.maximum}
        return shown

    def variants(self) -> list[Any]:
        """The values the loader checks the program with: every enumerated one, or both bounds."""
        if self.values is not None:
            return list(self.values)
        if self.date:
            return []  # a date changes when the program starts, never what it prescribes
        if self.weight:
            return [{"lb": self.minimum["lb"], "kg": self.minimum["kg"]},
                    {"lb": self.maximum["lb"], "kg": self.maximum["kg"]}]
        return [self.minimum, self.maximum]

    def default_value(self) -> Any:
        return dict(self.default) if self.weight else self.default

    def choose(self, given: Any, unit: str) -> Any:
        """The stored value of the lifter's choice (a weight in their ``unit``), or OptionRefused."""
        if self.date:
            return _date(self.id, given)
        if self.values is not None:
            if given not in self.values or isinstance(given, bool):
                raise OptionRefused(self.id, f"{self.id} must be one of {', '.join(map(str, self.values))}, "
                                    f"not {given!r}", {"values": list(self.values)})
            return given
        low, high = (self.minimum[unit], self.maximum[unit]) if self.weight else (self.minimum, self.maximum)
        whole = self.whole
        if isinstance(given, float) and given.is_integer() and whole:
            given = int(given)
        if isinstance(given, bool) or not isinstance(given, int | float | Decimal) or not low <= given <= high \
                or (whole and not isinstance(given, int)):
            kind = "a whole number" if whole else "a number"
            suffix = f" {unit}" if self.weight else ""
            raise OptionRefused(self.id, f"{self.id} must be {kind} from {low} to {high}{suffix}, not {given!r}",
                                {"minimum": low, "maximum": high, **({"unit": unit} if self.weight else {})})
        return _amount(given, unit) if self.weight else given

    @property
    def whole(self) -> bool:
        """A count (its bounds and default are whole numbers, e.g. how many blocks): integers only."""
        return not self.weight and all(isinstance(v, int) and not isinstance(v, bool)
                                       for v in (self.minimum, self.maximum, self.default))


def _date(option_id: str, given: Any) -> str:
    """An ISO date (YYYY-MM-DD) as given, or OptionRefused."""
    try:
        if isinstance(given, str) and len(given) == 10:
            return date.fromisoformat(given).isoformat()
    except ValueError:
        pass
    raise OptionRefused(option_id, f"{option_id} must be a date as YYYY-MM-DD, not {given!r}", {"format": "date"})


def _amount(value: Any, unit: str) -> dict[str, float]:
    """A weight in one unit as the amount the YAML's ``{lb, kg}`` places take (converted exactly)."""
    number = to_decimal(value)
    lb, kg = (number, number * KG_PER_LB) if Unit(unit) is Unit.LB else (number / KG_PER_LB, number)
    return {"lb": _plain(lb), "kg": _plain(kg)}


def _plain(number: Decimal) -> float | int:
    """JSON's number for a Decimal: whole numbers stay integers, the rest keep 6 decimals."""
    number = number.quantize(Decimal("0.000001")).normalize()
    return int(number) if number == number.to_integral_value() else float(number)


def parse_options(raw: Mapping[str, Any] | None) -> dict[str, Option]:
    return {oid: Option(id=oid, description=spec.get("description", ""), values=_tuple(spec.get("values")),
                        minimum=spec.get("minimum"), maximum=spec.get("maximum"), default=spec.get("default"),
                        weight=bool(spec.get("weight", False)), date=bool(spec.get("date", False)))
            for oid, spec in (raw or {}).items()}


def _tuple(values: Any) -> tuple[Any, ...] | None:
    return None if values is None else tuple(values)


def date_option(program: Any) -> str | None:
    """The option the program's schedule ends on (``schedule.ends_on: {option: meet-date}``)."""
    ends_on = ((program.data or {}).get("schedule") or {}).get("ends_on")
    return ends_on.get(OPTION_KEY) if is_reference(ends_on) else None


def is_reference(node: Any) -> bool:
    return isinstance(node, Mapping) and OPTION_KEY in node and set(node) <= {OPTION_KEY, "times"}


def references(node: Any, path: tuple = ()) -> list[tuple[tuple, Mapping[str, Any]]]:
    """Every ``{option: ...}`` of a document, with its field path."""
    if is_reference(node):
        return [(path, node)]
    if isinstance(node, Mapping):
        return [ref for key, value in node.items() for ref in references(value, (*path, key))]
    if isinstance(node, list):
        return [ref for index, value in enumerate(node) for ref in references(value, (*path, index))]
    return []


def substitute(node: Any, values: Mapping[str, Any]) -> Any:
    """``node`` with every option reference replaced by its value (x ``times``)."""
    if is_reference(node) and node[OPTION_KEY] in values:  # an unknown one is reported, never built
        return _scaled(values[node[OPTION_KEY]], node.get("times", 1))
    if isinstance(node, Mapping):
        return {key: substitute(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [substitute(value, values) for value in node]
    return node


def _scaled(value: Any, times: Any) -> Any:
    if times == 1:
        return value
    if isinstance(value, Mapping):
        return {unit: _plain(to_decimal(amount) * to_decimal(times)) for unit, amount in value.items()}
    return _plain(to_decimal(value) * to_decimal(times))


def written(data: Any, values: Mapping[str, Any]) -> Any:
    """The program an enrollment runs, as YAML data: the option values written in, then the
    repeated blocks of the schedule written out (their counts may be options)."""
    return expand_blocks(substitute(data, values))


def resolved(options: Mapping[str, Option], chosen: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every option's value: the stored choice, else its default."""
    chosen = chosen or {}
    return {oid: chosen[oid] if oid in chosen else option.default_value() for oid, option in options.items()}
