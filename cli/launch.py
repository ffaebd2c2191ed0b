"""The ``powerpro`` executable (the console script in setup.cfg).

Python's cyclic collector stays off while the command's modules are imported: hundreds of
collections would walk a heap that only grows (modules, classes, SQLAlchemy's mappers), a
tenth of `powerpro serve`'s start-up. Once they are imported, what they made is frozen (it
lives as long as the process, so no collection need walk it again) and the collector resumes,
before the command itself runs.
"""

from __future__ import annotations

from cli import collector


def main() -> None:
    collector.pause()
    from cli.main import cli

    cli()
