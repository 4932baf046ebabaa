"""Scrapy item pipeline handing RawPage, Unchanged and FetchFailure items to a writer thread."""

import logging
import queue
import threading
from typing import Any

from newsingest.crawl.items import FetchFailure, RawPage, Unchanged
from newsingest.crawl.offload import in_thread, pause
from newsingest.crawl.store import PageStore
from newsingest.db.engine import get_engine

logger = logging.getLogger(__name__)

MAX_QUEUED = 200  # items waiting for the writer; beyond this the spider's items wait (not the reactor)
QUEUE_POLL_S = 0.05
_CLOSE = object()


class StoreWriter:
    """Writes a PageStore's items from one thread, so a locked database never stalls the reactor.

    One thread keeps the items' order (a page, then the failure it resolves); the bounded queue makes
    the crawl wait for a slow database instead of holding every fetched page in memory.
    """

    def __init__(self, store: PageStore, max_queued: int = MAX_QUEUED) -> None:
        """Start the writer thread of store."""
        self.store = store
        self.queue: queue.Queue[object] = queue.Queue(maxsize=max_queued)
        self.thread = threading.Thread(target=self._run, name="newsingest-store", daemon=True)
        self.thread.start()

    def put_nowait(self, item: object) -> bool:
        """Queue item without waiting; False when the queue is full."""
        try:
            self.queue.put_nowait(item)
        except queue.Full:
            return False
        return True

    def close(self) -> None:
        """Write everything queued, then stop the thread (call from a thread, never the reactor)."""
        self.queue.put(_CLOSE)
        self.thread.join()
        # The last flush runs here so its error reaches the caller instead of dying with the thread.
        self.store.flush()

    def _run(self) -> None:
        while True:
            try:
                item = self.queue.get(timeout=self.store.max_delay)
            except queue.Empty:
                item = None  # nothing new: still write what is old enough
            if item is _CLOSE:
                return
            try:
                if isinstance(item, RawPage):
                    self.store.add_page(item)
                elif isinstance(item, Unchanged):
                    self.store.add_unchanged(item)
                elif isinstance(item, FetchFailure):
                    self.store.add_failure(item)
                elif self.store.due():
                    self.store.flush()
            except Exception:
                # What failed stays queued in the store and is written with the next batch.
                logger.exception("storing crawled pages failed; retrying with the next batch")


class RawPagePipeline:
    """Stores raw pages, unchanged re-checks and fetch failures of the running spider in the database."""

    def __init__(self, crawler: Any) -> None:
        """Keep the crawler; the writer is started when the spider opens."""
        self.crawler = crawler
        self.writer: StoreWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RawPagePipeline":
        """Build the pipeline for crawler (Scrapy's factory hook)."""
        return cls(crawler)

    def open_spider(self) -> None:
        """Start a writer bound to the spider's source and run."""
        spider = self.crawler.spider
        self.writer = StoreWriter(PageStore(get_engine(), spider.source.slug, spider.run_id))

    async def process_item(self, item: Any) -> Any:
        """Queue the item for the writer thread."""
        assert self.writer is not None
        stats = self.crawler.stats
        if isinstance(item, RawPage):
            stats.inc_value("newsingest/pages_stored")
        elif isinstance(item, FetchFailure):
            stats.inc_value(f"newsingest/failed/{item.stage}/{item.error_class}")
        elif not isinstance(item, Unchanged):
            return item
        while not self.writer.put_nowait(item):
            # Wait on the reactor, not in a pool thread: blocked puts would take the threads that
            # DNS look-ups and the spider's database look-ups need.
            await pause(QUEUE_POLL_S)
        return item

    async def close_spider(self) -> None:
        """Write what is still queued."""
        if self.writer is not None:
            await in_thread(self.writer.close)
