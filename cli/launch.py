"""The ``powerpro`` executable (the console script in setup.cfg).

Python's cyclic collector stays off while the command's modules are imported: hundreds of
collections would walk a heap that only grows (modules, classes, SQLAlchemy's mappers), a
tenth of `powerpro serve`'s start-up. Once they are imported, what they made is frozen (it
lives as long as the process, so no collection need walk it again) and the collector resumes,
before the command itself runs.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from cli.main import cli

    cli()


def modules_imported() -> None:
    """Called by the command group between importing a command's module and running it."""
    if not gc.isenabled():  # main() turned it off; a caller in-process (a test) has it on: nothing to do
        gc.freeze()
        gc.enable()
