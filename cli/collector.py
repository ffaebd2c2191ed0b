"""Python's cyclic collector during start-up (see cli/launch.py for why it is paused)."""

from __future__ import annotations

import gc


def pause() -> None:
    gc.disable()


def modules_imported() -> None:
    """Called by the command group between importing a command's module and running it."""
    if not gc.isenabled():  # launch paused it; a caller in-process (a test) has it on: nothing to do
        gc.freeze()
        gc.enable()
