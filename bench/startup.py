"""Start-up figures, side by side in one run (issue 14 item 5):

1. specs: loading and validating the 4 machines, every program and specs/lifts.yaml (what
   ``bootstrap`` does before it serves) against parsing the same files with PyYAML's
   CSafeLoader alone. Each round is a fresh interpreter (what a start pays: schemas compiled,
   first call; imports not counted), the two timed one after the other, alternating which
   goes first; the ratio is the median of the rounds' ratios. CPU time of the process, so that
   other work on the machine does not count.
2. serve: seconds from launch to the first 200 from ``GET /health``, ``powerpro serve``
   against a bare Falcon app (constant JSON) under the same gunicorn settings (those
   ``powerpro serve`` passes, with gunicorn's own worker class of the same kind), launches
   interleaved, one warm-up launch of each first (it writes the bytecode, as an installed
   package has it).

    .venv/bin/python bench/startup.py                    # 7 rounds, 2 workers, a fresh SQLite file
    .venv/bin/python bench/startup.py --rounds 11 --workers 4
    .venv/bin/python bench/startup.py --compare /work/main   # and another checkout's code, interleaved
    .venv/bin/python bench/run.py --startup              # the same, from the benchmark's entry point

Servers listen on 127.0.0.1 at ``--port``; DATABASE_URL, if set, must be a throw-away database
(it is migrated); with ``--compare`` each checkout serves a fresh SQLite file migrated by its own code.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

POLL_SECONDS = 0.01  # between two /health attempts while a server starts
START_TIMEOUT = 60.0


# -- 1. specs ------------------------------------------------------------------------------------
def _child_specs(order: str) -> None:
    """In a fresh interpreter: both timings, in ``order``, as JSON on stdout."""
    import yaml

    from engine.config import settings

    try:
        from engine.bootstrap import load_specs
    except ImportError:  # a checkout from before load_specs (--compare)
        load_specs = _load_specs_before

    specs = settings().specs_dir
    files = [*sorted((specs / "machines").glob("*.yaml")), *sorted((specs / "programs").glob("*.yaml")),
             specs / "lifts.yaml"]

    def parse_only() -> None:
        gc.disable()  # the baseline is the parse's own work, no collection of the heap the imports left
        try:
            for path in files:
                yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 (the C SafeLoader)
        finally:
            gc.enable()

    def load_and_validate() -> None:
        load_specs(specs)

    timed = {}
    for name in order.split(","):
        started = time.process_time()
        (parse_only if name == "parse" else load_and_validate)()
        timed[name] = time.process_time() - started
    print(json.dumps(timed | {"files": len(files)}))


def _load_specs_before(specs: Path) -> None:
    from engine.machines import load_machines
    from engine.programs import load_lifts, load_programs

    load_machines(specs / "machines")
    load_programs(specs / "programs", load_lifts(specs / "lifts.yaml"))


def measure_specs(rounds: int, source: Path = ROOT) -> dict[str, float]:
    loads, parses, ratios, files = [], [], [], 0
    for index in range(rounds):
        order = "load,parse" if index % 2 == 0 else "parse,load"
        output = subprocess.run([sys.executable, __file__, "--source", str(source), "--child-specs", order],
                                check=True, capture_output=True, text=True, cwd=source).stdout
        timed = json.loads(output)
        loads.append(timed["load"])
        parses.append(timed["parse"])
        ratios.append(timed["load"] / timed["parse"])
        files = timed["files"]
    figures = {"load": statistics.median(loads), "parse": statistics.median(parses), "ratio": statistics.median(ratios)}
    print(f"specs of {source} ({files} files, {rounds} fresh interpreters, CPU time):")
    print(f"  load + validate:        median {figures['load'] * 1000:.0f} ms "
          f"({_spread(loads, 1000, 'ms')})")
    print(f"  CSafeLoader parse only: median {figures['parse'] * 1000:.0f} ms "
          f"({_spread(parses, 1000, 'ms')})")
    print(f"  ratio: median {figures['ratio']:.2f}x ({_spread(ratios, 1, 'x', 2)})  target < 3x")
    return figures


# -- 2. serve ------------------------------------------------------------------------------------
def _child_bare(options_json: str) -> None:
    """In a fresh interpreter: a bare Falcon app under gunicorn with ``options``; imports nothing else."""
    import falcon
    from gunicorn.app.base import BaseApplication

    class Health:
        def on_get(self, req, resp):
            resp.media = {"status": "ok"}

    app = falcon.App()
    app.add_route("/health", Health())

    class Bare(BaseApplication):
        def load_config(self):
            for name, value in json.loads(options_json).items():
                if name in self.cfg.settings:
                    self.cfg.set(name, value)

        def load(self):
            return app

    Bare().run()


def gunicorn_settings(port: int, workers: int) -> dict:
    """What ``powerpro serve`` passes gunicorn, as JSON; its worker class becomes gunicorn's own
    class of the same kind (ours only words gunicorn's refusals as problem+json)."""
    from api.gunicorn_worker import WORKER_CLASSES
    from cli.serve import concurrency_options
    from cli.server import gunicorn_options
    from engine.config import settings

    options = gunicorn_options("127.0.0.1", port, workers) | concurrency_options(settings())
    kind = {path: name for name, path in WORKER_CLASSES.items()}
    return options | {"worker_class": kind[options["worker_class"]]}


def _launch_seconds(command: list[str], port: int, env: dict[str, str], log: Path,
                    source: Path = ROOT) -> tuple[float, float]:
    """Seconds from launching ``command`` to its first 200 on /health, and the CPU seconds its
    processes (master and workers) had used by then; the server is stopped after."""
    _wait_until_free(port)
    with log.open("ab") as output:
        launched = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=source, stdout=output, stderr=subprocess.STDOUT)
    try:
        while time.perf_counter() - launched < START_TIMEOUT:
            if process.poll() is not None:
                tail = log.read_text(errors="replace").splitlines()[-5:]
                raise SystemExit(f"{' '.join(command[:3])} exited with {process.returncode}:\n" + "\n".join(tail))
            if _health(port):
                return time.perf_counter() - launched, _cpu_seconds(process.pid)
            time.sleep(POLL_SECONDS)
        raise SystemExit(f"no /health answer on port {port} within {START_TIMEOUT:.0f} s; output: {log}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of ``pid`` and its descendants, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, frontier = {pid}, [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier and child not in tree]
        tree.update(children)
        frontier = children
    return sum(used.get(member, 0.0) for member in tree)


def _wait_until_free(port: int) -> None:
    """Until nothing accepts connections on ``port`` (the previous server's workers may outlive it briefly)."""
    deadline = time.perf_counter() + START_TIMEOUT
    while time.perf_counter() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"port {port} is still taken after {START_TIMEOUT:.0f} s")


def _health(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _migrated_database(url: str, source: Path) -> str:
    """``url`` migrated by ``source``'s own code (two checkouts may not have the same migrations)."""
    script = "import sys; from engine.db.migrations import Migrator; m = Migrator(sys.argv[1]); m.apply(); m.close()"
    subprocess.run([sys.executable, "-c", script, url], cwd=source, env=os.environ | {"PYTHONPATH": str(source)},
                   check=True, capture_output=True)
    return url


def measure_serve(rounds: int, workers: int, port: int, compare: Path | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="powerpro-bench-startup-") as scratch:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        ours = os.environ.get("DATABASE_URL") if compare is None else None
        env["DATABASE_URL"] = _migrated_database(ours or f"sqlite:///{scratch}/startup.db", ROOT)
        script = Path(sys.executable).with_name("powerpro")
        arguments = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
        in_process = [sys.executable, "-c", "from cli.main import cli; cli()"]
        serve = ([str(script)] if script.exists() else in_process) + arguments
        bare = [sys.executable, __file__, "--child-bare", json.dumps(gunicorn_settings(port, workers))]
        # (command, checkout it runs in, extra environment)
        servers = {"powerpro serve": (serve, ROOT, {}), "bare Falcon": (bare, ROOT, {})}
        if compare is not None:  # its code first on the path, ahead of this checkout's editable install;
            # started as its own console script was then (this checkout's may name a module it lacks)
            theirs = [*in_process, *arguments]
            database = _migrated_database(f"sqlite:///{scratch}/compare.db", compare)
            servers[f"powerpro serve of {compare}"] = (theirs, compare, {"PYTHONPATH": str(compare),
                                                                         "DATABASE_URL": database})
        log = Path(scratch) / "servers.log"

        def launch(name: str) -> tuple[float, float]:
            command, source, extra = servers[name]
            return _launch_seconds(command, port, env | extra, log, source)

        for name in servers:  # warm-up: bytecode written, files in the page cache
            launch(name)
        seconds: dict[str, list[float]] = {name: [] for name in servers}
        cpu: dict[str, list[float]] = {name: [] for name in servers}
        for index in range(rounds):
            for name in (list(servers) if index % 2 == 0 else list(reversed(servers))):
                elapsed, used = launch(name)
                seconds[name].append(elapsed)
                cpu[name].append(used)
    print(f"serve (launch to first 200 from /health, {workers} workers, {rounds} launches each, interleaved; "
          "CPU: master and workers by then):")
    width = max(map(len, servers)) + 1
    for name in servers:
        print(f"  {name + ':':{width}s} median {statistics.median(seconds[name]):.2f} s "
              f"({_spread(seconds[name], 1, 's', 2)}), CPU median {statistics.median(cpu[name]):.2f} s")
    figures = {name: (statistics.median(seconds[name]), statistics.median(cpu[name])) for name in servers}
    (ours, ours_cpu), (bare, bare_cpu) = figures["powerpro serve"], figures["bare Falcon"]
    print(f"  powerpro serve / bare Falcon: {ours / bare:.1f}x elapsed, {ours_cpu / bare_cpu:.1f}x CPU  "
          "(target: powerpro serve answers within 1 s)")
    return {"serve": ours, "bare": bare, "serve_cpu": ours_cpu, "bare_cpu": bare_cpu}


def _spread(samples: list[float], scale: float, unit: str, digits: int = 0) -> str:
    return f"min {min(samples) * scale:.{digits}f}, max {max(samples) * scale:.{digits}f} {unit}"


def run(rounds: int = 7, workers: int = 2, port: int = 18390, compare: Path | None = None) -> None:
    measure_specs(rounds)
    if compare is not None:
        measure_specs(rounds, compare)
    measure_serve(rounds, workers, port, compare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="fresh interpreters / launches per figure")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of both servers")
    parser.add_argument("--port", type=int, default=18390)
    parser.add_argument("--compare", type=Path, help="another checkout measured the same way (e.g. /work/main)")
    parser.add_argument("--source", type=Path, default=ROOT, help=argparse.SUPPRESS)  # whose code a child runs
    parser.add_argument("--child-specs", help=argparse.SUPPRESS)
    parser.add_argument("--child-bare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(args.source))
    if args.child_specs:
        _child_specs(args.child_specs)
    elif args.child_bare:
        _child_bare(args.child_bare)
    else:
        run(args.rounds, args.workers, args.port, args.compare.resolve() if args.compare else None)


if __name__ == "__main__":
    main()
