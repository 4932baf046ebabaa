"""Progress of long runs: a Prefect progress artifact, a terminal bar, and a crawl's lines in the run log."""

import logging
from collections.abc import Callable
from typing import Any
from uuid import UUID

from prefect.artifacts import create_progress_artifact, update_progress_artifact

from newsingest.crawl.progress_log import progress_message
from newsingest.crawl.runner import CrawlOutcome, LogSink

Listener = Callable[[str, int, int], None]  # (label, done, total)
_listeners: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Call listener on every progress report of this process (the CLI's progress bar)."""
    _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    """Stop calling listener."""
    if listener in _listeners:
        _listeners.remove(listener)


class Progress:
    """One progress artifact (key, 0-100 %) kept current as work is done."""

    def __init__(self, key: str, label: str, description: str) -> None:
        """Create the artifact at 0 %."""
        self.label = label
        self.artifact_id: UUID = create_progress_artifact(0.0, key=key, description=description)  # type: ignore[assignment]

    def report(self, done: int, total: int) -> None:
        """Publish done of total."""
        percent = 100.0 if total <= 0 else min(100.0, 100.0 * done / total)
        update_progress_artifact(self.artifact_id, percent)
        for listener in list(_listeners):
            listener(self.label, done, total)


# Scrapy's stats named in the end-of-crawl line, in full: "count" or "ERROR" alone would say nothing.
END_STATS = (
    "finish_reason",
    "elapsed_time_seconds",
    "downloader/request_count",
    "downloader/response_bytes",
    "retry/count",
    "robotstxt/forbidden",
    "log_count/WARNING",
    "log_count/ERROR",
)


def crawl_relay(logger: logging.Logger | logging.LoggerAdapter[Any], slug: str) -> LogSink:
    """Return a sink for the crawl's log: progress at INFO, warnings and errors as such, the rest DEBUG."""

    def relay(level: str, line: str) -> None:
        progress = progress_message(line)
        if progress is not None:
            logger.info("%s %s", slug, progress)
            return
        number = logging.getLevelName(level)
        number = number if isinstance(number, int) else logging.INFO
        # Scrapy's other INFO chatter (its own periodic stats among it) stays at DEBUG.
        logger.log(number if number >= logging.WARNING else logging.DEBUG, line)

    return relay


def end_stats(outcome: CrawlOutcome) -> dict[str, Any]:
    """Return the Scrapy stats worth a line at the end of a crawl, under their full names."""
    return {key: outcome.stats[key] for key in END_STATS if key in outcome.stats}
