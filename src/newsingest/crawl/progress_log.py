"""A Scrapy extension logging the crawl's progress every NEWSINGEST_CRAWL_PROGRESS_INTERVAL seconds.

One INFO line a period (pages fetched and per minute, pages stored, failures, requests queued), which the
runner relays to the run log at INFO while Scrapy's own chatter stays at DEBUG. Scrapy and Twisted are
imported where they are used: the runner reads PROGRESS from this module in the flow's process.
"""

import logging
from typing import Any

PROGRESS = "crawl progress: "  # how a progress line's message starts
logger = logging.getLogger(__name__)


def progress_message(line: str) -> str | None:
    """Return the message of a progress line of the crawl's log ("crawl progress: …"), or None."""
    start = line.find(PROGRESS)
    return line[start:] if start >= 0 else None


def _failures(stats: dict[str, Any]) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith("newsingest/failed/"))


class CrawlProgress:
    """Logs one progress line every interval seconds while the spider runs."""

    def __init__(self, crawler: Any, interval: float) -> None:
        """Keep the crawler (for its stats) and the period."""
        self.crawler = crawler
        self.interval = interval
        self.fetched_before = 0
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CrawlProgress":
        """Build the extension (Scrapy's factory hook); off when the interval setting is 0."""
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        interval = crawler.settings.getfloat("NEWSINGEST_CRAWL_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        """Start the periodic line."""
        from twisted.internet import task

        self.task = task.LoopingCall(self.log)
        self.task.start(self.interval, now=False)

    def log(self) -> None:
        """Log pages fetched (and per minute over the last period), stored, failed and queued."""
        stats: dict[str, Any] = self.crawler.stats.get_stats() if self.crawler.stats else {}
        fetched = int(stats.get("response_received_count", 0))
        per_minute = (fetched - self.fetched_before) * 60 / self.interval
        self.fetched_before = fetched
        queued = int(stats.get("scheduler/enqueued", 0)) - int(stats.get("scheduler/dequeued", 0))
        logger.info(
            "%s%d pages fetched (%.0f/min), %d pages stored, %d failed, %d queued",
            PROGRESS,
            fetched,
            per_minute,
            int(stats.get("newsingest/pages_stored", 0)),
            _failures(stats),
            queued,
        )

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Stop the periodic line."""
        if self.task is not None and self.task.running:
            self.task.stop()
