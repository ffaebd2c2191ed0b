"""Errors the domain raises when it refuses a request the caller could have made differently.

The API turns each into an RFC 9457 problem document: ``code`` becomes its stable ``code``,
``detail`` its ``detail`` and ``extensions`` its extension members, so the engine says what
went wrong and what to do without knowing anything about HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every refusal; subclasses set ``code``, which clients branch on."""

    code: ClassVar[str] = "domain_error"
    # Seconds after which trying again may succeed (the API sends it as Retry-After); None: never.
    retry_after: ClassVar[int | None] = None

    def __init__(self, detail: str, extensions: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions: dict[str, Any] = dict(extensions or {})


class NotFound(DomainError):
    code = "not_found"


class NotEnrolled(DomainError):
    code = "not_enrolled"


class AlreadyEnrolled(DomainError):
    code = "already_enrolled"


class UnknownProgram(DomainError):
    code = "unknown_program"


class MissingMaxes(DomainError):
    code = "missing_maxes"


class InvalidMax(DomainError):
    """A max or starting weight of 0 or less: every load from it would be the empty bar."""

    code = "invalid_max"


class WorkoutAlreadyInProgress(DomainError):
    code = "workout_already_in_progress"


class SetNotPrescribed(DomainError):
    code = "set_not_prescribed"


class SetAlreadyLogged(DomainError):
    code = "set_already_logged"


class WeightRequired(DomainError):
    code = "weight_required"


class SetNotLogged(DomainError):
    code = "set_not_logged"


class CorrectionWindowClosed(DomainError):
    """A set can be corrected while its workout is in progress, or on the enrollment's last
    completed workout while nothing has happened since (docs/machines.md, "Corrections")."""

    code = "correction_window_closed"


class NoteTooLong(DomainError):
    code = "note_too_long"


class UnknownMachine(DomainError):
    code = "unknown_machine"


# The refusals of a transient database failure (``engine.db.failures`` says which failure is which).
class Busy(DomainError):
    code = "busy"
    retry_after = 1


class DatabaseUnavailable(DomainError):
    code = "database_unavailable"
    retry_after = 5
