"""What a wire run found: every figure per round, printed as median [min-max] over the rounds,
and how much worse each is at the largest size than at the smallest.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str  # "share" (of the bare endpoint), "x" (times the bare endpoint), "ms", "req/s"
    higher_is_better: bool = False


FIGURES = (
    Figure("enrollment.throughput_ratio", "GET enrollment throughput / bare", "share", True),
    Figure("current.throughput_ratio", "GET workouts/current throughput / bare", "share", True),
    Figure("writes.throughput_ratio", "write mix throughput / bare", "share", True),
    Figure("enrollment.cpu_ratio", "GET enrollment CPU per request / bare", "x"),
    Figure("current.cpu_ratio", "GET workouts/current CPU / bare", "x"),
    Figure("start.cpu_ratio", "start workout CPU / bare", "x"),
    Figure("log_set.cpu_ratio", "log set CPU / bare", "x"),
    Figure("finish.cpu_ratio", "finish workout CPU / bare", "x"),
    Figure("writes.cpu_ratio", "write mix CPU / bare", "x"),
    Figure("bare.cpu_ms", "bare: worker CPU per request", "ms"),
    Figure("enrollment.cpu_ms", "GET enrollment: worker CPU", "ms"),
    Figure("current.cpu_ms", "GET workouts/current: worker CPU", "ms"),
    Figure("start.cpu_ms", "start workout: worker CPU", "ms"),
    Figure("log_set.cpu_ms", "log set: worker CPU", "ms"),
    Figure("finish.cpu_ms", "finish workout: worker CPU", "ms"),
    Figure("writes.cpu_ms", "write mix: worker CPU", "ms"),
    Figure("bare.rps", "bare: throughput", "req/s", True),
    Figure("enrollment.rps", "GET enrollment: throughput", "req/s", True),
    Figure("current.rps", "GET workouts/current: throughput", "req/s", True),
    Figure("writes.rps", "write mix: throughput", "req/s", True),
    *(Figure(f"{name}.{p}_ms", f"{label}: {p} latency", "ms")
      for name, label in (("bare", "bare"), ("enrollment", "GET enrollment"), ("current", "GET workouts/current"),
                          ("start", "start workout"), ("log_set", "log set"), ("finish", "finish workout"))
      for p in ("p50", "p95")),
)


# Issue 14's targets, on the medians. The CPU targets (log set <= 1.5 ms, finish <= 2 ms on the
# machine where the bare endpoint costs 0.15 ms per request) are stated as ratios to the bare
# endpoint, which carry to another machine.
TARGETS = (
    ("enrollment.throughput_ratio", ">=", 0.5),
    ("current.throughput_ratio", ">=", 0.5),
    ("log_set.cpu_ratio", "<=", 10.0),
    ("finish.cpu_ratio", "<=", 13.0),
)
MAX_WORSE_AT_SCALE = 1.2


@dataclass
class Run:
    engine: str
    users: int
    sets: int
    figures: dict[str, list[float]]  # key -> one value per round
    load_average: list[float]  # the machine's 1-minute load average before and after the rounds


@dataclass
class Report:
    runs: list[Run] = field(default_factory=list)

    def scale(self, engine: str) -> dict[str, float]:
        """Each figure at the largest size against the smallest: how many times worse (>= 1: worse)."""
        runs = sorted((r for r in self.runs if r.engine == engine), key=lambda r: r.users)
        if len(runs) < 2:
            return {}
        small, large = runs[0].figures, runs[-1].figures
        worse = {}
        for figure in FIGURES:
            before, after = statistics.median(small[figure.key]), statistics.median(large[figure.key])
            worse[figure.key] = before / after if figure.higher_is_better else after / before
        return worse

    def as_dict(self) -> dict:
        engines = sorted({r.engine for r in self.runs})
        return {"runs": [asdict(r) for r in self.runs], "scale": {e: self.scale(e) for e in engines if self.scale(e)}}

    def table(self) -> str:
        lines = []
        for engine in sorted({r.engine for r in self.runs}, key=["sqlite", "postgres"].index):
            runs = sorted((r for r in self.runs if r.engine == engine), key=lambda r: r.users)
            scale = self.scale(engine)
            heads = [f"{r.users:,} users, {r.sets:,} sets" for r in runs]
            lines.append("")
            before, after = runs[0].load_average
            lines.append(f"{engine}: {len(runs[0].figures[FIGURES[0].key])} rounds; load average "
                         f"{before:.1f} -> {after:.1f}; median [min-max]")
            lines.append("".ljust(42)
                         + "".join(h.ljust(34) for h in heads) + ("worse at largest" if scale else ""))
            for figure in FIGURES:
                cells = [_cell(figure, r.figures[figure.key]).ljust(34) for r in runs]
                worse = f"{scale[figure.key]:.2f}x" if scale else ""
                lines.append(f"  {figure.label}".ljust(42) + "".join(cells) + worse)
            lines += _targets(runs, scale)
        return "\n".join(lines)


    def markdown(self) -> str:
        """The same tables for docs/performance.md."""
        lines = []
        for engine in sorted({r.engine for r in self.runs}, key=["sqlite", "postgres"].index):
            runs = sorted((r for r in self.runs if r.engine == engine), key=lambda r: r.users)
            scale = self.scale(engine)
            before, after = runs[0].load_average
            lines += ["", f"**{engine}**: {len(runs[0].figures[FIGURES[0].key])} rounds, load average "
                      f"{before:.1f} -> {after:.1f}; median [min-max]", ""]
            lines.append("| figure | " + " | ".join(f"{r.users:,} users, {r.sets:,} sets" for r in runs)
                         + (" | worse at largest |" if scale else " |"))
            lines.append("|---" * (len(runs) + 1 + bool(scale)) + "|")
            for figure in FIGURES:
                unit = "" if figure.unit in ("share", "x") else f" ({figure.unit})"
                cells = [_cell(figure, r.figures[figure.key]) for r in runs]
                worse = [f"{scale[figure.key]:.2f}x"] if scale else []
                lines.append(f"| {figure.label}{unit} | " + " | ".join(cells + worse) + " |")
            lines += ["", *(line.strip().replace("targets (issue 14), on the medians:", "Targets, on the medians:")
                            if i == 0 else "- " + line.strip() for i, line in enumerate(_targets(runs, scale)))]
        return "\n".join(lines).strip() + "\n"


def _targets(runs: list[Run], scale: dict[str, float]) -> list[str]:
    lines = ["  targets (issue 14), on the medians:"]
    by_key = {figure.key: figure for figure in FIGURES}
    for key, sign, bound in TARGETS:
        medians = [statistics.median(run.figures[key]) for run in runs]
        met = all(m >= bound if sign == ">=" else m <= bound for m in medians)
        shown = ", ".join(_cell(by_key[key], [m]).split(" ")[0] for m in medians)
        limit = _cell(by_key[key], [bound]).split(" ")[0]
        lines.append(f"    {by_key[key].label} {sign} {limit}: {shown}: {'met' if met else 'NOT met'}")
    if scale:
        worst = max(scale, key=scale.get)
        met = scale[worst] <= MAX_WORSE_AT_SCALE
        lines.append(f"    every figure at the largest size within {MAX_WORSE_AT_SCALE}x of the smallest: worst "
                     f"{by_key[worst].label} {scale[worst]:.2f}x: {'met' if met else 'NOT met'}")
    return lines


def _cell(figure: Figure, values: list[float]) -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    if figure.unit == "share":
        return f"{mid * 100:.1f}% [{low * 100:.1f}-{high * 100:.1f}]"
    if figure.unit == "x":
        return f"{mid:.1f}x [{low:.1f}-{high:.1f}]"
    if figure.unit == "req/s":
        return f"{mid:,.0f} [{low:,.0f}-{high:,.0f}]"
    return f"{mid:.2f} [{low:.2f}-{high:.2f}]"
