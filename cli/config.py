"""``powerpro config``: the settings in force, where each comes from, secrets hidden."""

from __future__ import annotations

from pathlib import Path

import click

from engine.config import PROJECT_ROOT, SETTINGS, effective


@click.command("config")
@click.option("--example", is_flag=True, help="Print a .env file listing every setting with its default.")
def config(example: bool) -> None:
    """Print the effective settings and their sources (environment or default)."""
    if example:
        click.echo(env_example(), nl=False)
        return
    rows = effective()
    width = max(len(row.setting.variable) for row in rows)
    for row in rows:
        click.echo(f"{row.setting.variable:<{width}}  {row.shown or '(unset)'}  [{row.source}]")


def env_example() -> str:
    """`.env.example`: every setting, commented out at its default, with what it is for."""
    lines = ["# Every setting of powerpro, at its default. Copy to .env and uncomment what you change.", ""]
    for setting in SETTINGS:
        default = setting.default
        if isinstance(default, Path):
            default = default.relative_to(PROJECT_ROOT)
        default = "" if default is None else default
        lines += [f"# {setting.doc}", f"# {setting.variable}={default}", ""]
    return "\n".join(lines)
