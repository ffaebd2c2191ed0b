"""The retry policy of a unit of work: run it again, whole, when the database says it may.

Retried: a conflict (deadlock, serialization failure, SQLite's lock held past the busy
timeout) and a connection lost before the commit; both rolled the transaction back. Not
retried: a failure to connect (time cures it, not a rerun) and a connection lost during the
commit (the change may have been saved: ``UnitOfWork.commit`` refuses with that). The
waits are "full jitter" exponential backoff (tenacity), so racing requests spread out.
When the attempts run out the caller gets ``Busy``; an outage becomes ``DatabaseUnavailable``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from .. import metrics
from . import failures
from .connection import rerun_on_loss

T = TypeVar("T")

ATTEMPTS = 4
FIRST_WAIT_SECONDS = 0.05  # the first retry waits up to this; each next one up to twice as long
MAX_WAIT_SECONDS = 1.0


def retryable(exc: BaseException) -> bool:
    return failures.is_conflict(exc) or failures.lost_connection(exc)


def policy(attempts: int = ATTEMPTS, when: Callable[[BaseException], bool] = retryable) -> Retrying:
    return Retrying(
        stop=stop_after_attempt(attempts),
        wait=wait_random_exponential(multiplier=FIRST_WAIT_SECONDS, max=MAX_WAIT_SECONDS),
        retry=retry_if_exception(when),
        before_sleep=_count_retry,
        reraise=True,
    )


# One policy per attempts for ``run``: tenacity keeps each call's state in thread-local
# storage, so one Retrying serves every thread; making one per unit of work cost more than the
# retry's bookkeeping itself. A call resets its thread's state, so ``run`` is never nested: a
# unit of work runs no other.
_run_policy = cache(policy)


def _count_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    metrics.count_retry("conflict" if exc is not None and failures.is_conflict(exc) else "lost_connection")


def rerun_on_conflict(work: Callable[[], T]) -> T:
    """``work()`` rerun whole after a lock conflict, the last failure raised as it is (start-up:
    the operator sees the database's own words, and an unreachable server is not waited on)."""
    return policy(when=failures.is_conflict)(work)


def run(unit_of_work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``unit_of_work()`` (which opens, does and commits its own transaction), retried."""
    try:
        with rerun_on_loss():
            return _attempted(unit_of_work, attempts)
    except SQLAlchemyError as exc:
        refusal = failures.refusal(exc)
        metrics.count_database_error(refusal.code if refusal is not None else type(exc).__name__)
        if refusal is None:
            raise
        raise refusal from exc


def _attempted(unit_of_work: Callable[[], T], attempts: int) -> T:
    """The first attempt alone; only when it fails is tenacity given the work, the failure
    replayed as its first attempt, so the reruns wait and are counted as they always were.
    Nearly every unit of work succeeds at once, and tenacity's bookkeeping (its call state,
    statistics, clock) cost a write some 25-60 us for nothing."""
    try:
        return unit_of_work()
    except Exception as exc:
        if not retryable(exc):
            raise  # a refusal, a bug: raised as it is, not through tenacity
        failed = [exc]

    def again() -> T:
        if failed:
            raise failed.pop()
        return unit_of_work()

    return _run_policy(attempts)(again)
