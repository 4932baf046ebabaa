"""Retry a database transaction when the connection is lost or the database is briefly unavailable."""

import logging
import re
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger(__name__)
T = TypeVar("T")
# The attribute engines set on a database error: their URL, password masked (newsingest.db.engine).
DATABASE_ATTRIBUTE = "newsingest_database"


class DatabaseUnavailableError(RuntimeError):
    """The database stayed unreachable through every retry: what failed, where, for how long."""


# SQLSTATE classes a retry may cure: connection exception, transaction rollback (serialization failure,
# deadlock), insufficient resources, operator intervention (restart, shutdown), system error; and
# lock_not_available. The driver files others under OperationalError too, such as program_limit_exceeded
# (54000, an index row too big for its btree), which fail the same way on every try.
TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57", "58")
TRANSIENT_SQLSTATES = ("55P03",)


def transient(error: BaseException) -> bool:
    """Return True for errors a retry may cure: lost connections, refused connects, locks, restarts."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if not sqlstate:  # no server answer (a refused or lost connection), or SQLite (locked, busy, I/O)
        return True
    return str(sqlstate).startswith(TRANSIENT_SQLSTATE_CLASSES) or sqlstate in TRANSIENT_SQLSTATES


def with_retries(work: Callable[[], T], attempts: int, backoff: float, what: str = "transaction") -> T:
    """Return work(), retrying transient failures attempts more times with doubling delays.

    A transient failure that outlasts the retries becomes DatabaseUnavailableError, whose message an operator
    can act on; any other failure is raised as it is.
    """
    delay = backoff
    started = time.monotonic()
    for attempt in range(attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if not transient(exc):
                raise
            if attempt == attempts:
                raise DatabaseUnavailableError(
                    f"{what} failed: database {database_of(exc)} unreachable through {attempts} retries "
                    f"over {time.monotonic() - started:.1f} s ({redact_error(exc)})"
                ) from exc
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


def database_of(error: DBAPIError) -> str:
    """Return the URL (password masked) of the database error came from, when its engine noted it."""
    return str(getattr(error, DATABASE_ATTRIBUTE, None) or "(address unknown)")


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


__all__ = [
    "DATABASE_ATTRIBUTE",
    "DatabaseUnavailableError",
    "database_of",
    "redact_error",
    "redact_text",
    "transient",
    "with_retries",
]
