"""Retry a database transaction when the connection is lost or the database is briefly unavailable."""

import logging
import re
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger(__name__)
T = TypeVar("T")


def transient(error: BaseException) -> bool:
    """Return True for errors a retry may cure: lost connections, refused connects, locks, restarts."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


def with_retries(work: Callable[[], T], attempts: int, backoff: float, what: str = "transaction") -> T:
    """Return work(), retrying transient failures attempts more times with doubling delays."""
    delay = backoff
    for attempt in range(attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == attempts or not transient(exc):
                raise
            # The statement and parameters are left out of the message: they can be whole articles.
            log.warning(
                "%s failed (%s), retry %d of %d in %.1f s",
                what,
                redact_error(exc),
                attempt + 1,
                attempts,
                delay,
            )
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def redact_error(error: DBAPIError) -> str:
    """Return the driver's first message line, with any connection URL's password masked."""
    first = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
    return redact_text(first)


def redact_text(text: str) -> str:
    """Return text with the password of any database URL in it masked."""
    return re.sub(
        r"\b([a-z][a-z0-9+.-]*://[^\s:/@]*):[^\s@/]*@",
        lambda m: f"{m.group(1)}:***@",
        text,
        flags=re.IGNORECASE,
    )


__all__ = ["redact_error", "redact_text", "transient", "with_retries"]
