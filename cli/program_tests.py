"""``powerpro test [FILE|DIR]``: run programs' worked examples through the HTTP service.

The service is the real Falcon app over a scratch SQLite database (as the end-to-end tests
drive it), loaded from the specs tree the program files belong to (``specs/`` by default).
Each example prints one line: ``ok`` with the number of values checked, or ``FAIL`` with the
first differing value and the ``file:line`` where it was expected. Exit 1 when any fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import falcon.testing

from api.app import create_app
from engine import accounts
from engine.bootstrap import bootstrap
from engine.config import Settings, settings
from engine.db.migrations import Migrator
from engine.examples import Example, load_examples
from engine.programs import Program, load_lifts, load_program
from engine.spec_files import SpecErrors, load_document

from .example_runner import Http, Outcome, run_example


def examples_of(path: Path) -> tuple[Program, list[Example]]:
    """A program file's program and its examples (both checked; SpecErrors lists every mistake)."""
    program = load_program(path, load_lifts(path.parent.parent / "lifts.yaml"))
    return program, load_examples(load_document(path, program.text), program)


def program_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return files


def run_file(http: Http, path: Path) -> Iterator[tuple[Program, Outcome]]:
    program, examples = examples_of(path)
    for number, example in enumerate(examples, start=1):
        yield program, run_example(http, program, example, f"{program.slug}.{number}@examples.invalid")


def falcon_http(client: falcon.testing.TestClient) -> Http:
    def call(method: str, path: str, body: Any, token: str | None) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        result = client.simulate_request(method, path, json=body, headers=headers)
        return result.status_code, (result.json if result.content else None)
    return call


@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def test(paths: tuple[Path, ...]) -> None:
    """Run the worked examples of program files: PATH is a program file or a directory of them
    (default: every shipped program). The service loads the specs tree they are in."""
    files = program_files(paths or (settings().specs_dir / "programs",))
    failed = 0
    with _scratch_service(files[0].resolve().parent.parent if files else settings().specs_dir) as http:
        for path in files:
            try:
                outcomes = list(run_file(http, path))
            except SpecErrors as exc:
                for error in exc.errors:
                    click.echo(str(error), err=True)
                failed += 1
                continue
            if not outcomes:
                click.echo(f"{path}: no examples")
            for program, outcome in outcomes:
                failed += not outcome.passed
                click.echo(_line(program, outcome))
    if failed:
        raise SystemExit(1)


def _line(program: Program, outcome: Outcome) -> str:
    head = f"{program.slug}: {outcome.example.name}"
    if outcome.passed:
        return f"ok    {head} ({outcome.checked} values)"
    return f"FAIL  {head}\n      {outcome.difference}"


class _scratch_service:  # noqa: N801 - used as a context manager, like a function
    """The app on a migrated scratch SQLite file, the specs of ``specs_dir`` loaded and synced."""

    def __init__(self, specs_dir: Path) -> None:
        self.specs_dir = specs_dir

    def __enter__(self) -> Http:
        os.environ.setdefault(accounts.FAST_HASHING_ENV, "1")  # scratch lifters, never signed in again
        self.scratch = tempfile.TemporaryDirectory(prefix="powerpro-test-")
        url = f"sqlite:///{Path(self.scratch.name) / 'examples.db'}"
        migrator = Migrator(url)
        migrator.apply()
        migrator.close()
        # Every example registers its own lifter from one address: the throttles (20 registrations
        # an hour by default) would refuse all examples past the 20th of a full run.
        self.services = bootstrap(Settings(database_url=url, specs_dir=self.specs_dir, registrations_per_address=0,
                                           login_failures_per_account=0, login_failures_per_address=0))
        return falcon_http(falcon.testing.TestClient(create_app(self.services)))

    def __exit__(self, *exc: object) -> None:
        self.services.close()
        self.scratch.cleanup()
