"""A line chart of each tracked weight over the previewed workouts, drawn server-side as SVG.

No script and no external asset: polylines on a fixed canvas, one colour per slot, a legend,
the weight axis in the lifter's unit and a dashed line where each cycle ends.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from engine.preview import Preview, Series
from engine.programs.units import format_decimal

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 180, 16, 36
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
           "#bcbd22")
TICKS = 5


def chart_svg(preview: Preview) -> str:
    series = [s for s in preview.series if any(p is not None for p in s.points)]
    if not series:
        return '<p class="note">No tracked weight to chart: the lifter chooses every load.</p>'
    values = [p for s in series for p in s.points if p is not None]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 5, high + 5
    count = max(len(s.points) for s in series)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return LEFT + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(value: Decimal) -> float:
        return TOP + plot_h * float((high - value) / (high - low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Tracked weights over the previewed workouts">',
             f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#ccc"/>']
    parts += _axis(low, high, y)
    parts += _cycle_marks(preview, x)
    parts.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" text-anchor="middle" font-size="11">'
                 f'{escape(series[0].unit)} as each workout starts, then after the last '
                 f'({preview.cycles} cycle{"s" if preview.cycles > 1 else ""})</text>')
    for index, line in enumerate(series):
        parts += _line(line, COLOURS[index % len(COLOURS)], index, x, y)
    parts.append("</svg>")
    return "\n".join(parts)


def _axis(low: Decimal, high: Decimal, y) -> list[str]:
    parts = []
    for i in range(TICKS + 1):
        value = low + (high - low) * i / TICKS
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="10">'
                     f'{format_decimal(value.quantize(Decimal("0.1")))}</text>')
    return parts


def _cycle_marks(preview: Preview, x) -> list[str]:
    per = preview.workouts_per_cycle
    return [f'<line x1="{x(c * per):.1f}" x2="{x(c * per):.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
            f'stroke="#999" stroke-dasharray="4 3"/>' for c in range(1, preview.cycles) if per]


def _line(series: Series, colour: str, index: int, x, y) -> list[str]:
    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series.points) if v is not None)
    legend_y = TOP + 14 * index + 8
    last = next((v for v in reversed(series.points) if v is not None), None)
    label = f"{series.slot}: {format_decimal(last)} {series.unit}" if last is not None else series.slot
    return [f'<polyline class="series" data-slot="{escape(series.slot)}" fill="none" stroke="{colour}" '
            f'stroke-width="2" points="{points}"/>',
            f'<rect x="{WIDTH - RIGHT + 10}" y="{legend_y - 8}" width="10" height="10" fill="{colour}"/>',
            f'<text x="{WIDTH - RIGHT + 24}" y="{legend_y + 1}" font-size="10">{escape(label)}</text>']
