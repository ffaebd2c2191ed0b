"""Estimated one-rep maxes of logged sets and hard sets, as ``specs/estimates.yaml`` declares them.

The formulas themselves live in ``engine/programs/e1rm.py`` (the same ones the programs' rules
use); the spec says which one estimates which set, so the choice is data in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from engine.spec_files import SpecErrors, load_document, schema_errors

from .e1rm import Formula, estimate_max, rpe_chart_percent
from .lifts import SPECS_DIR, load_schema
from .units import Number, to_decimal

DEFAULT_ESTIMATES_PATH = SPECS_DIR / "estimates.yaml"


@dataclass(frozen=True)
class Rule:
    formula: Formula
    needs_rpe: bool = False
    reps: tuple[int, int] | None = None

    def applies(self, reps: int, rpe: Decimal | None) -> bool:
        if self.needs_rpe and (rpe is None or not _on_chart(reps, rpe)):
            return False
        return self.reps is None or self.reps[0] <= reps <= self.reps[1]


@dataclass(frozen=True)
class Estimates:
    max_reps: int
    rules: tuple[Rule, ...]
    hard_min_rpe: Decimal
    hard_min_percent: Decimal

    def e1rm(self, weight: Number, reps: int, rpe: Number | None = None) -> Decimal | None:
        """The set's estimated 1RM by the first rule that applies; None past ``max_reps``, at 0 reps
        or 0 weight (nothing to estimate from)."""
        weight = to_decimal(weight)
        if not 1 <= reps <= self.max_reps or weight <= 0:
            return None
        rpe = None if rpe is None else to_decimal(rpe)
        rule = next((r for r in self.rules if r.applies(reps, rpe)), None)
        return None if rule is None else estimate_max(weight, reps, rule.formula, rpe)

    def hard(self, weight: Number, rpe: Number | None, day_best_e1rm: Decimal | None) -> bool:
        """Whether a work set is hard: its RPE when logged, else its load against the day's best e1RM."""
        if rpe is not None:
            return to_decimal(rpe) >= self.hard_min_rpe
        if not day_best_e1rm:
            return False
        return to_decimal(weight) * 100 >= self.hard_min_percent * day_best_e1rm


def _on_chart(reps: int, rpe: Decimal) -> bool:
    try:
        rpe_chart_percent(reps, rpe)
    except ValueError:
        return False
    return True


@cache
def load_estimates(path: Path | str = DEFAULT_ESTIMATES_PATH) -> Estimates:
    """The estimates spec, validated against its JSON Schema (every mistake located)."""
    doc = load_document(path)
    errors = schema_errors(doc, load_schema("estimates.schema.json"))
    data = doc.data if isinstance(doc.data, dict) else {}
    errors += [doc.error(("rules", i, "reps"), "the low end is above the high end")
               for i, rule in enumerate(data.get("rules") or [])
               if isinstance(rule, dict) and isinstance(rule.get("reps"), list) and len(rule["reps"]) == 2
               and rule["reps"][0] > rule["reps"][1]]
    if errors:
        raise SpecErrors(errors)
    rules = tuple(Rule(Formula(r["formula"]), r.get("needs_rpe", False), tuple(r["reps"]) if "reps" in r else None)
                  for r in data["rules"])
    hard = data["hard_set"]
    return Estimates(data["max_reps"], rules, to_decimal(hard["min_rpe"]),
                     to_decimal(hard["min_percent_of_day_e1rm"]))
