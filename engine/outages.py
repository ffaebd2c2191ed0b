"""The question the API asks of a failure it did not expect: is it a database outage or a lost
race (a 503 refusal to come back later) or a bug? ``engine.db.failures`` holds the answer; this is
its door for the layers above, which never handle the database's own exceptions.

A command's failure is already a refusal when it leaves the engine (``engine.db.retry``); a
read's is not, since reads are not retried, so the API asks here.
"""

from __future__ import annotations

from .db import failures
from .errors import DomainError


def refusal_for(exc: BaseException) -> DomainError | None:
    return failures.refusal(exc)
