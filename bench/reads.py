"""What one read request costs, through the whole app in process: CPU per request as a ratio to a
bare Falcon endpoint's (measured in the same run, interleaved), and statements sent to the
database, for GET enrollment, GET workouts/current and GET workouts/{id}; ``--profile`` adds
where the CPU goes.

    .venv/bin/python bench/reads.py                          # SQLite, 3,000 requests of each
    .venv/bin/python bench/reads.py --profile current --top 40
    .venv/bin/python bench/reads.py --unit kg                 # the lifter shown kilograms
    .venv/bin/python bench/reads.py --log json:info           # each request logged as served
    DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python bench/reads.py

The lifter is in the middle of a workout (started, one set logged), as in the wire benchmark.
Each run builds its own database like bench/run.py, so it never touches real data.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.writes import INPUTS, PROGRAM, Meter, in_process, profile_arguments, report  # noqa: E402
from engine import logs  # noqa: E402

READS = ("enrollment", "current", "workout")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000, help="requests of each kind")
    parser.add_argument("--unit", choices=("lb", "kg"), default="lb", help="the lifter's weight unit")
    parser.add_argument("--log", metavar="POWERPRO_LOG",
                        help="log as `powerpro serve` does (e.g. json:info), to /dev/null: a served request "
                             "pays for its access line, which the test client alone does not")
    profile_arguments(parser, READS)
    args = parser.parse_args()
    if args.log:
        logs.configure(args.log)
        for handler in logging.getLogger().handlers:  # the lines themselves are not wanted here
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (written to until the end)
    services, client, bare = in_process()
    db = services.db
    signed = client.simulate_post("/auth/register", json={"email": "reader@bench.example",
                                                          "password": "benchmark-password",
                                                          "weight_unit": args.unit}).json
    user_id, headers = signed["user"]["id"], {"Authorization": f"Bearer {signed['token']}"}
    enrolled = client.simulate_post(f"/users/{user_id}/enrollment", json={"program": PROGRAM, "inputs": INPUTS},
                                    headers=headers)
    assert enrolled.status_code == 201, enrolled.text
    workout = client.simulate_post("/workouts/start", headers=headers).json["workout"]
    first = next(s for s in workout["sets"] if not s["warmup"])  # the first work set: warm-ups are skipped
    logged = client.simulate_post(f"/workouts/{workout['id']}/sets", headers=headers,
                                  json={"set_index": first["set_index"], "reps": first["target_reps"]})
    assert logged.status_code == 201, logged.text
    paths = {"enrollment": f"/users/{user_id}/enrollment", "current": f"/users/{user_id}/workouts/current",
             "workout": f"/workouts/{workout['id']}"}
    print(f"database: {db.dialect.name}; program: {PROGRAM}; unit {args.unit}; {args.requests} requests of each")
    for warm_up in (True, False):
        meter = Meter(db, set() if warm_up else set(args.profile))
        for _ in range(args.requests // (10 if warm_up else 1)):
            for kind in READS:
                answered = meter(kind, lambda kind=kind: client.simulate_get(paths[kind], headers=headers))
                assert answered.status_code == 200, answered.text
                meter("bare", lambda: bare.simulate_get("/bare"))
    report(meter, args.top, args.dump, kinds=READS)
    services.close()


if __name__ == "__main__":
    main()
