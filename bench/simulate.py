"""How long ``powerpro simulate`` takes (issue 13 item 1: a 4-week program in under 1 second).

For each program: one simulation of one cycle with a :class:`engine.simulation.Simulator` that
has loaded the specs and made its template database once (what an author's second run, the
preview page and program examples pay), as the median of ``--rounds`` runs, wall clock and
CPU time of this process (CPU time does not count other work on the machine); the ratio to
the 1 s budget; and the first run of a new Simulator (specs parsed, template migrated) as a
ratio to the warm one.

    .venv/bin/python bench/simulate.py                         # wendler-531-bbb and starting-strength, 5 rounds
    .venv/bin/python bench/simulate.py --rounds 9 --programs gzclp jacked-and-tan-2
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.config import settings  # noqa: E402
from engine.programs import load_lifts, load_program  # noqa: E402
from engine.scenario import Scenario  # noqa: E402
from engine.simulation import Simulator  # noqa: E402

BUDGET_SECONDS = 1.0
DEFAULT_PROGRAMS = ("wendler-531-bbb", "starting-strength")
MAX_LB = 200  # every input of every lift: the numbers do not change the work done


def scenario_for(slug: str) -> Scenario:
    program = load_program(settings().specs_dir / "programs" / f"{slug}.yaml")
    return Scenario.from_mapping({"maxes": {spec.id: MAX_LB for spec in program.inputs.values()}})


def timed(action: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def measure(slug: str, rounds: int) -> dict[str, float]:
    scenario = scenario_for(slug)
    simulator = Simulator()
    cold_wall, cold_cpu, workouts = timed(lambda: list(simulator.run(slug, scenario)))
    warm = [timed(lambda: list(simulator.run(slug, scenario)))[:2] for _ in range(rounds)]
    program = simulator.specs.programs[slug]
    logged = sum(1 for w in workouts for s in w.sets if s.logged is not None)  # the work sets: warm-ups are skipped
    return {
        "weeks": program.weeks_per_cycle, "workouts": len(workouts), "sets": logged,
        "wall": statistics.median(w for w, _ in warm), "cpu": statistics.median(c for _, c in warm),
        "cold_wall": cold_wall, "cold_cpu": cold_cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", nargs="+", default=list(DEFAULT_PROGRAMS))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    load_lifts()  # imported and warm before anything is timed
    header = f"{'program':<26}{'weeks':>6}{'workouts':>9}{'sets':>6}{'wall s':>9}{'cpu s':>8}" \
             f"{'cpu/budget':>12}{'cold cpu s':>12}{'cold/warm':>11}"
    print(header)
    print("-" * len(header))
    for slug in args.programs:
        m = measure(slug, args.rounds)
        print(f"{slug:<26}{m['weeks']:>6}{m['workouts']:>9}{m['sets']:>6}{m['wall']:>9.3f}{m['cpu']:>8.3f}"
              f"{m['cpu'] / BUDGET_SECONDS:>11.2f}x{m['cold_cpu']:>12.3f}{m['cold_cpu'] / m['cpu']:>10.1f}x")
    print(f"\nbudget: {BUDGET_SECONDS:g} s per cycle of a 4-week program once the specs are loaded; "
          f"median of {args.rounds} runs (cold: the first run of a new Simulator, specs and template included)")


if __name__ == "__main__":
    main()
