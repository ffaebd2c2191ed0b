"""The load-balanced deployment, on this machine: nginx in front of several `powerpro serve`
instances on one PostgreSQL database (docs/deployment.md).

    .venv/bin/python -m deploy.local all        # up, smoke, reload under traffic, down
    .venv/bin/python -m deploy.local up          # and leave it running; `down` stops it

Each instance gets its own copy of specs/, so one instance can be reloaded with a changed
program file while the other keeps serving: what an operator does during a rolling change.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from deploy.processes import Served, call, free_port
from engine.config import PROJECT_ROOT

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
STATE_FILE = Path(tempfile.gettempdir()) / "powerpro-topology.json"


@dataclass
class Topology:
    database_url: str
    instances: int = 2
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="powerpro-topology-")))
    port: int = field(default_factory=free_port)
    server_env: dict[str, str] = field(default_factory=dict)
    servers: list[Served] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def specs_of(self, instance: int) -> Path:
        return self.workdir / f"specs-{instance}"

    def up(self) -> None:
        self.migrate()
        self.start_servers()
        self._start_nginx()

    def migrate(self) -> None:
        subprocess.run([sys.executable, "-c", "from cli.main import cli; cli()", "migrate", "apply",
                        "--database-url", self.database_url], check=True, capture_output=True)

    def start_servers(self) -> None:
        """All at once, as an orchestrator starts them: start-up must be safe when they race."""
        for instance in range(self.instances):
            shutil.copytree(PROJECT_ROOT / "specs", self.specs_of(instance))
            env = {"POWERPRO_SPECS": str(self.specs_of(instance)), "POWERPRO_LOG": "json:warning",
                   "POWERPRO_TRUSTED_PROXIES": "127.0.0.1", **self.server_env}
            self.servers.append(Served(self.database_url, workers=2, env=env))
        for server in self.servers:
            server.wait_until_up(timeout=60)

    def _start_nginx(self) -> None:
        conf = self.workdir / "nginx.conf"
        conf.write_text(Template(TEMPLATE.read_text()).safe_substitute(
            user="user root;" if os.geteuid() == 0 else "",
            prefix=self.workdir,
            port=self.port,
            upstream_keepalive=4,
            servers="\n".join(f"        server 127.0.0.1:{server.port};" for server in self.servers),
        ))
        self.nginx = subprocess.Popen([NGINX, "-p", str(self.workdir), "-c", str(conf), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                raise RuntimeError(f"nginx did not start: {self.nginx.stderr.read().decode()}")
            try:
                if call("GET", f"{self.base}/health", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not answer within 15 s")

    def down(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
            self.nginx.wait(timeout=15)
        for server in self.servers:
            server.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def change_program(self, instance: int, slug: str) -> None:
        """Edit one program file of one instance (a new description: a new program version)."""
        path = self.specs_of(instance) / "programs" / f"{slug}.yaml"
        text = path.read_text()
        marker = "description: "
        path.write_text(text.replace(marker, f"{marker}(revised {time.time():.0f}) ", 1))

    def reload(self, instance: int) -> None:
        """`kill -HUP` the instance's gunicorn master: new workers on the new specs, then the old
        ones stop after their requests."""
        self.servers[instance].process.send_signal(signal.SIGHUP)

    def upstreams_seen(self) -> set[str]:
        return {call("GET", f"{self.base}/health")[1]["X-Upstream"] for _ in range(4 * self.instances)}


def fresh_postgres_database(name: str, admin_url: str = DEFAULT_ADMIN_URL) -> str:
    from sqlalchemy import create_engine, make_url, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    from deploy.scenario import reload_under_traffic, smoke

    parser = argparse.ArgumentParser(prog="deploy.local", description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["all", "up", "down"])
    parser.add_argument("--database", default="powerpro_topology", help="PostgreSQL database to (re)create")
    parser.add_argument("--instances", type=int, default=2)
    args = parser.parse_args(argv)
    if args.step == "down":
        return _down_recorded()
    topology = Topology(fresh_postgres_database(args.database), instances=args.instances)
    topology.up()
    print(f"up: nginx {topology.base} -> " + ", ".join(server.base for server in topology.servers))
    if args.step == "up":
        STATE_FILE.write_text(json.dumps({"pids": [topology.nginx.pid] + [s.process.pid for s in topology.servers],
                                          "workdir": str(topology.workdir)}))
        return 0
    try:
        print(smoke(topology))
        print(reload_under_traffic(topology))
    finally:
        topology.down()
        print("down")
    return 0


def _down_recorded() -> int:
    if not STATE_FILE.exists():
        print("down: nothing recorded as up", file=sys.stderr)
        return 1
    state = json.loads(STATE_FILE.read_text())
    for pid in state["pids"]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    shutil.rmtree(state["workdir"], ignore_errors=True)
    STATE_FILE.unlink()
    print("down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
