"""The yardstick of the over-the-wire benchmark: a bare Falcon app returning constant JSON,
under exactly the gunicorn settings ``powerpro serve`` ships (worker class, threads, keep-alive,
request limits, preloading; ``--workers`` as given).

    .venv/bin/python -m bench.bare --port 18400 --workers 2     # GET /bare
"""

from __future__ import annotations

import argparse

import falcon
from gunicorn.app.base import BaseApplication

from cli.serve import concurrency_options
from cli.server import gunicorn_options
from engine.config import settings


class Constant:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"enrollment_status": "ACTIVE", "cycle_status": "IN_PROGRESS", "week_status": "IN_PROGRESS"}


def create_app() -> falcon.App:
    app = falcon.App()
    app.add_route("/bare", Constant())
    return app


class BareServer(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            if name in self.cfg.settings:  # as PowerProServer.load_config
                self.cfg.set(name, value)

    def load(self) -> falcon.App:
        return create_app()


def options(host: str, port: int, workers: int) -> dict:
    """``powerpro serve``'s gunicorn options, from the same functions and settings."""
    return gunicorn_options(host, port, workers) | concurrency_options(settings()) | {"proc_name": "powerpro-bare"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    BareServer(options(args.host, args.port, args.workers)).run()


if __name__ == "__main__":
    main()
