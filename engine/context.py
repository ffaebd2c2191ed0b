"""What every command and event handler is given: the loaded machines and programs, the bus and a
unit-of-work factory (``bootstrap.Services`` provides it; ``service.build_bus`` binds it to the
event handlers). It lives beside the bus, below the handlers, so that the service layer can
import the handlers without the handlers importing the service layer back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from .bus import MessageBus
from .db.unit_of_work import UnitOfWork
from .machines import MachineSpec
from .program_catalog import ProgramCatalog


class Context(Protocol):
    """What handlers need: the loaded machines and programs, and the bus."""

    machines: Mapping[str, MachineSpec]
    catalog: ProgramCatalog
    bus: MessageBus

    def uow(self) -> UnitOfWork: ...
