"""The program preview page: HTML with no build step and no external asset.

The same page serves ``GET /programs/{slug}/preview`` and ``powerpro preview FILE.yaml``: a
form (maxes and the scenario, in the simulator's vocabulary), the week-by-week grid of loads,
a chart of each tracked weight over the previewed cycles and the diagram of the program's
rules (the one its generated page shows). In place of the grid, the page lists what is wrong:
the form's mistakes, or the program file's ``file:line`` errors under ``powerpro preview``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from engine.machines.diagrams import render_svg
from engine.preview import GridDay, Preview
from engine.programs import Program
from engine.programs.diagram import program_dot

from . import FIELDS
from .chart import chart_svg
from .form import Form

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; max-width: 70rem; }
h1 { margin-bottom: 0.2rem; } .meta { color: #555; margin-top: 0; }
form { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 0.8rem; max-width: 48rem;
       background: #f6f6f6; padding: 0.8rem; border-radius: 6px; }
form input { font: inherit; padding: 0.2rem; } form button { grid-column: 2; justify-self: start; }
.errors { background: #fde8e8; border: 1px solid #e0a0a0; padding: 0.6rem 1.6rem; border-radius: 6px; }
.errors li { font-family: ui-monospace, monospace; white-space: pre-wrap; }
table.week { border-collapse: collapse; margin: 0.4rem 0 1rem; }
table.week td, table.week th { border: 1px solid #ddd; padding: 0.15rem 0.5rem; text-align: left; }
td.load { font-weight: 600; text-align: right; } .basis, .note { color: #666; font-size: 0.9em; }
tr.warmup td { color: #888; font-weight: normal; }
.changes { color: #05662d; font-size: 0.9em; } .diagram svg { max-width: 100%; height: auto; }
"""

RELOAD_SCRIPT = """<script>
// powerpro preview: reload when the program file changes on disk.
(function poll() {
  fetch("/version").then(r => r.json()).then(v => {
    if (v.version !== document.body.dataset.version) location.reload(); else setTimeout(poll, 700);
  }).catch(() => setTimeout(poll, 1500));
})();
</script>"""

FIELD_LABELS = {
    "maxes": ("Maxes", "NAME=WEIGHT, ... (an input id or a lift)"),
    "unit": ("Unit", "lb or kg"),
    "cycles": ("Cycles", "how many cycles to simulate"),
    "amrap": ("AMRAP reps", "[LIFT=]+N or N, e.g. +2 or squat=8"),
    "rpe": ("RPE", "[LIFT=]N or target"),
    "choice": ("Lifter's choice", "[LIFT=]target, 90% or a weight"),
    "fail": ("Failures", "LIFT@[CYCLE/]WEEK/DAY[:SHORT], e.g. squat@1/2/1:2"),
}


@dataclass(frozen=True)
class PageLinks:
    action: str  # where the form submits
    program: str | None = None  # GET /programs/{slug}
    docs: str | None = None  # the generated page's path in the repository (docs/programs/<slug>.md)


def page(program: Program | None, *, title: str, form: Form | None = None, preview: Preview | None = None,
         errors: Iterable[str] = (), links: PageLinks, version: str = "", reload: bool = False) -> str:
    """The whole page; ``errors`` (spec or form mistakes) replace the grid."""
    errors = list(errors) + (form.errors if form else [])
    body = [f"<h1>{escape(title)}</h1>"]
    if program is not None:
        body.append(_meta(program, links))
    if form is not None:
        body.append(_form(form, links.action))
    if errors:
        body.append('<h2>What is wrong</h2>\n<ul class="errors" id="errors">'
                    + "".join(f"<li>{escape(e)}</li>" for e in errors) + "</ul>")
    elif preview is not None:
        body += [_grid(preview), "<h2>Tracked weights</h2>", f'<div id="chart">{chart_svg(preview)}</div>']
    if program is not None:
        body += ["<h2>Progression rules</h2>", f'<div class="diagram" id="diagram">{diagram_svg(program)}</div>']
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f"<style>{STYLE}</style>\n</head>\n<body data-version=\"{escape(version)}\">\n" + "\n".join(body)
            + ("\n" + RELOAD_SCRIPT if reload else "") + "\n</body>\n</html>\n")


def _meta(program: Program, links: PageLinks) -> str:
    weeks = f"{program.weeks_per_cycle} week{'s' if program.weeks_per_cycle > 1 else ''} a cycle"
    after = "repeats" if program.repeats else "ends after one cycle"
    refs = [f'<a href="{escape(links.program)}">program (JSON)</a>'] if links.program else []
    refs += [f"program page: <code>{escape(links.docs)}</code>"] if links.docs else []
    return (f'<p class="meta">{escape(program.author)} &middot; {escape(program.level)} &middot; {weeks}, {after}'
            + (" &middot; " + " &middot; ".join(refs) if refs else "") + "</p>"
            f"<p>{escape(program.description)}</p>")


def _form(form: Form, action: str) -> str:
    rows = []
    for name in FIELDS:
        label, hint = FIELD_LABELS[name]
        size = 70 if name == "maxes" else 30
        rows.append(f'<label for="f-{name}">{label}</label><input id="f-{name}" name="{name}" size="{size}" '
                    f'value="{escape(form.values.get(name, ""), quote=True)}" placeholder="{escape(hint)}">')
    return (f'<form method="get" action="{escape(action)}" id="preview-form">' + "".join(rows)
            + '<button type="submit">Preview</button></form>')


def _grid(preview: Preview) -> str:
    parts = ["<h2>Week by week</h2>"]
    if preview.bounded:
        parts.append(f'<p class="note" id="bounded">Shown: {len(preview.days)} workouts ({preview.cycles} '
                     f"cycle(s) at most), as many as a preview simulates for this program.</p>")
    by_week: dict[tuple[int, int], list[GridDay]] = {}
    for day in preview.days:
        by_week.setdefault((day.cycle, day.week), []).append(day)
    for (cycle, week), days in by_week.items():
        parts.append(f'<h3>Cycle {cycle}, week {week}</h3>\n<table class="week" data-cycle="{cycle}" '
                     f'data-week="{week}">\n<tr><th>day</th><th>workout</th><th>lift</th><th>sets</th>'
                     "<th>load</th><th>basis</th></tr>")
        parts += [_day_rows(day) for day in days]
        parts.append("</table>")
    return "\n".join(parts)


def _day_rows(day: GridDay) -> str:
    rows = []
    for i, line in enumerate(day.lines):
        head = (f'<td rowspan="{len(day.lines)}">{day.day}</td><td rowspan="{len(day.lines)}">{escape(day.name)}</td>'
                if i == 0 else "")
        warm = ' class="warmup"' if line.warmup else ""
        rows.append(f'<tr data-day="{day.day}" data-lift="{escape(line.lift)}"{warm}>{head}<td>{escape(line.lift)}</td>'
                    f'<td class="sets">{line.count} x {escape(line.reps)}</td><td class="load">{escape(line.load)}</td>'
                    f'<td class="basis">{escape(line.basis)}</td></tr>')
    if day.changes:
        rows.append('<tr><td></td><td colspan="5" class="changes">'
                    + "<br>".join(f"&rarr; {escape(c)}" for c in day.changes) + "</td></tr>")
    return "\n".join(rows)


_DIAGRAMS: dict[str, str] = {}
_DIAGRAMS_LOCK = threading.Lock()


def diagram_svg(program: Program) -> str:
    """The rules diagram drawn by Graphviz, once per program version; the DOT text without it."""
    with _DIAGRAMS_LOCK:
        if program.version in _DIAGRAMS:
            return _DIAGRAMS[program.version]
    dot = program_dot(program)
    try:
        svg = render_svg(dot)
        drawn = svg[svg.index("<svg"):]  # inline: without the XML prolog and doctype
    except Exception:  # noqa: BLE001 - no Graphviz on this machine: show the source instead
        drawn = f"<pre>{escape(dot)}</pre>"
    with _DIAGRAMS_LOCK:
        _DIAGRAMS[program.version] = drawn
    return drawn


def query_params(params: Mapping[str, object]) -> dict[str, object]:
    """Only the form's fields (anything else a browser adds is ignored)."""
    return {name: params[name] for name in FIELDS if name in params}
