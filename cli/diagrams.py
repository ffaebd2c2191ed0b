"""``powerpro diagrams``: draw the machines into docs/diagrams, or check the drawings are current."""

from __future__ import annotations

from pathlib import Path

import click

from engine.config import PROJECT_ROOT, settings
from engine.machines import load_machines
from engine.machines.diagrams import stale_diagrams, write_diagrams
from engine.spec_files import SpecErrors


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 listing missing or stale diagrams.")
@click.option(
    "--machines",
    "machines_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: settings().specs_dir / "machines",
    show_default="specs/machines",
    help="Directory of the machine specs.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=PROJECT_ROOT / "docs" / "diagrams",
    show_default="docs/diagrams",
    help="Where the .dot and .svg files go.",
)
def diagrams(check: bool, machines_dir: Path, out_dir: Path) -> None:
    """Render every machine to <out>/<machine>.dot and .svg (SVG needs Graphviz's dot)."""
    try:
        specs = load_machines(machines_dir).values()
    except SpecErrors as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise SystemExit(1) from exc
    if check:
        stale = stale_diagrams(specs, out_dir)
        for path in stale:
            click.echo(f"stale or missing: {path}", err=True)
        if stale:
            click.echo("run `powerpro diagrams` and commit the result", err=True)
            raise SystemExit(1)
        click.echo(f"ok: {len(specs)} machine diagrams are current")
        return
    written = write_diagrams(specs, out_dir)
    click.echo(f"wrote {len(written)} file(s)" + "".join(f"\n  {path}" for path in written))
