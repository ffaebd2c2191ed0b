"""The in-process message bus: events raised in a unit of work are handled in that unit of work.

Handlers are plain functions ``handler(event, uow)``; they may raise further events, which are
handled in order before the unit of work commits. An exception from any handler propagates,
and the caller's unit of work rolls everything back: state, log rows and progressions commit
together or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .events import Event

if TYPE_CHECKING:
    from .db.unit_of_work import UnitOfWork

Handler = Callable[[Event, "UnitOfWork"], None]


class UnknownEvent(ValueError):
    pass


class MessageBus:
    def __init__(self, known_events: Iterable[str]) -> None:
        self.known_events = frozenset(known_events)
        self._handlers: dict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, event_name: str, handler: Handler) -> None:
        if event_name not in self.known_events:
            raise UnknownEvent(f"no machine emits {event_name!r}; known: {sorted(self.known_events)}")
        self._handlers[event_name].append(handler)

    def dispatch(self, uow: UnitOfWork) -> list[Event]:
        """Handle every event the unit of work has collected, including those handlers raise."""
        handled = []
        while (event := uow.next_event()) is not None:
            for handler in self._handlers.get(event.name, ()):
                handler(event, uow)
            handled.append(event)
        return handled
