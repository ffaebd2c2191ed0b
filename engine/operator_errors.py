"""Mistakes an operator fixes by changing a setting, a file or the database, never a request.

``str(error)`` is one line that says what is wrong and what to do; the CLI prints it and exits
1 without a traceback (cli/main.py, where ``--debug`` shows the traceback instead). They are
not ``DomainError``s: those are a client's refusals and become HTTP problems.
"""

from __future__ import annotations


class OperatorError(Exception):
    """Base of every operator mistake."""


class BadDatabaseUrl(OperatorError):
    """DATABASE_URL is not a URL of a supported database."""


class DatabaseUnreachable(OperatorError):
    """The database of DATABASE_URL cannot be opened (server down, wrong port, missing directory)."""


class UnmigratedDatabase(OperatorError):
    """Migrations are pending: the code expects a newer schema."""


class EditedMigration(OperatorError):
    """A migration file was changed after it was applied to this database."""


class RollbackRefused(OperatorError):
    """A rollback's precondition does not hold; nothing was rolled back."""


class MigrationLocked(OperatorError):
    """Another process held the migration lock for longer than the wait allowed."""


class UnknownMigration(OperatorError, ValueError):
    """A migration id given on the command line names no migration file."""


class MigrationFailed(OperatorError):
    """A migration's SQL failed; its transaction was rolled back, the ones before it stay done."""


class UnknownAccount(OperatorError):
    """No account has the email an operator named (powerpro users disable/enable/reset-password)."""
