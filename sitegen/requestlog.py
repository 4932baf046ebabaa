"""A thread-safe log of the requests a synthetic site answered."""

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sitegen.urls import ARTICLE_PATTERN

_ARTICLE = re.compile(ARTICLE_PATTERN)


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One answered request."""

    method: str
    target: str  # path with query
    status: int
    timestamp: float

    @property
    def path(self) -> str:
        """Return the target without its query."""
        return self.target.split("?", 1)[0]


class RequestLog:
    """Appends from the server thread, reads from tests; every access holds the lock."""

    def __init__(self, enabled: bool = True) -> None:
        """Record requests unless disabled (long benchmarks need not keep millions of rows)."""
        self.enabled = enabled
        self._rows: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def record(self, method: str, target: str, status: int, timestamp: float) -> None:
        """Add one request."""
        if self.enabled:
            with self._lock:
                self._rows.append(LoggedRequest(method, target, status, timestamp))

    def rows(self) -> list[LoggedRequest]:
        """Return a copy of every row so far."""
        with self._lock:
            return list(self._rows)

    def clear(self) -> None:
        """Forget every row."""
        with self._lock:
            self._rows.clear()

    def matching(
        self, pattern: str | re.Pattern[str] | Callable[[LoggedRequest], bool]
    ) -> list[LoggedRequest]:
        """Return the rows whose target matches a regex (searched) or satisfies a predicate."""
        if callable(pattern) and not isinstance(pattern, re.Pattern):
            return [row for row in self.rows() if pattern(row)]
        regex = re.compile(pattern)
        return [row for row in self.rows() if regex.search(row.target)]

    def article_fetches(self) -> list[LoggedRequest]:
        """Return the GETs of article pages answered with 200."""
        return [r for r in self.rows() if r.method == "GET" and r.status == 200 and _ARTICLE.search(r.path)]
