"""The registry of progression rule families: the one place parse, checks and progress look a type up.

Each family module registers one ``RuleFamily`` when it is imported (the way python-statemachine's
``io`` readers register their formats); ``engine.programs.rules`` imports them all. A type no
family registered is an error everywhere, never a fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.programs.model import Rule
from engine.programs.rules.base import RuleContext
from engine.programs.rules.checking import RuleCheck
from engine.programs.state import PerformedSet, SlotState

Parser = Callable[[Mapping[str, Any], dict[str, Any]], Rule]  # (raw rule, the common fields) -> the rule
Checker = Callable[[RuleCheck], None]
Apply = Callable[[Any, RuleContext, SlotState, Sequence[PerformedSet]], SlotState]


@dataclass(frozen=True)
class RuleFamily:
    """One ``type:`` of progression rule.

    ``schema`` names its ``$defs`` entry in specs/schemas/program.schema.json; ``parameters`` is
    the dataclass ``parse`` builds; ``check`` reports what the schema cannot say; ``apply`` is
    the pure ``(rule, ctx, state, sets) -> new state``."""

    type: str
    schema: str
    parameters: type[Rule]
    parse: Parser
    apply: Apply
    check: Checker | None = None
    counts_failed_sets: bool = False  # may run ON_FAILURE (one event per failed set)
    moves_stage: bool = False  # the family that advances a slot through staged set lists


class UnknownRuleFamily(KeyError):
    def __init__(self, type_name: str) -> None:
        known = ", ".join(sorted(_FAMILIES)) or "(none registered)"
        super().__init__(f"no progression rule family {type_name!r}; known: {known}")
        self.type_name = type_name

    def __str__(self) -> str:
        return str(self.args[0])


_FAMILIES: dict[str, RuleFamily] = {}


def register(family: RuleFamily) -> RuleFamily:
    if family.type in _FAMILIES:
        raise ValueError(f"rule family {family.type!r} is registered twice")
    _FAMILIES[family.type] = family
    return family


def family(type_name: str) -> RuleFamily:
    try:
        return _FAMILIES[type_name]
    except KeyError:
        raise UnknownRuleFamily(type_name) from None


def families() -> Mapping[str, RuleFamily]:
    return dict(_FAMILIES)
