"""Progression rule families: one module per ``type:``, each registering itself on import.

A family module declares its parameters (a ``model.Rule`` dataclass), its parser, its semantic
check and its pure apply function, and registers them as one ``RuleFamily``. Importing this
package imports every family; parse.py, checks_rules.py and progress.py look a type up with
``family(type)``. docs/programs.md, "Adding a rule family", says how to add one.
"""

from engine.programs.rules import (  # noqa: F401  (imported to register their families)
    deload,
    double_progression,
    e1rm,
    linear,
    max_test,
    rep_standard,
    rep_table,
    stages,
)
from engine.programs.rules.registry import RuleFamily, UnknownRuleFamily, families, family

__all__ = ["RuleFamily", "UnknownRuleFamily", "families", "family"]
