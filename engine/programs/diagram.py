"""A program's progression rules as one Graphviz DOT graph (its generated page and the preview
page draw it): a cluster per rule, titled with its id and trigger, holding the rule's slots and,
for stages rules, the stage ladder; every edge is one outcome and what it does to the weight.

The DOT text is deterministic, so a committed ``.dot`` can be compared with a fresh one.
"""

from __future__ import annotations

from engine.programs import model as m
from engine.programs.describe import SLOTS, TRIGGER_WORDS, tell


def program_dot(program: m.Program) -> str:
    lines = [
        f"digraph {_quote(program.slug)} {{",
        "  graph [rankdir=LR, fontname=Helvetica, fontsize=12, compound=true, "
        f"label={_quote(program.name + ': progression rules')}, labelloc=t];",
        "  node [shape=box, style=rounded, fontname=Helvetica, fontsize=10];",
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for index, rule in enumerate(program.progressions):
        lines += _cluster(index, rule, program)
    if not program.progressions:
        lines.append('  none [label="no progression rules: no tracked weight changes by itself"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _cluster(index: int, rule: m.Rule, program: m.Program) -> list[str]:
    story = tell(rule, program)
    prefix = f"r{index}_"
    title = f"{rule.id} ({rule.type}, {TRIGGER_WORDS[rule.trigger]})"
    lines = [f"  subgraph cluster_{index} {{", f"    label={_quote(title)};"]
    used = {e.source for e in story.edges} | {e.target for e in story.edges}
    if SLOTS in used or not story.nodes:
        lines.append(f"    {prefix}{SLOTS} [label={_quote(_slots_label(rule, program))}];")
    for node, label in story.nodes.items():
        lines.append(f"    {prefix}{node} [label={_quote(label)}];")
    if story.nodes and SLOTS not in used:
        first = next(iter(story.nodes))
        lines.append(f"    {prefix}{SLOTS} [label={_quote(_slots_label(rule, program))}, shape=note];")
        lines.append(f"    {prefix}{SLOTS} -> {prefix}{first} [style=dashed, arrowhead=none];")
    for edge in story.edges:
        label = edge.label.replace(", ", ",\n").replace(": ", ":\n", 1)  # narrow labels overlap less
        lines.append(f"    {prefix}{edge.source} -> {prefix}{edge.target} [label={_quote(label)}];")
    lines.append("  }")
    return lines


def _slots_label(rule: m.Rule, program: m.Program) -> str:
    kinds = sorted({program.slots[s].kind for s in rule.slots if s in program.slots})
    return "\n".join(rule.slots) + (f"\n({', '.join(kinds)})" if kinds else "")


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
