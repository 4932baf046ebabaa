"""Scrapy item pipeline writing RawPage and FetchFailure items through PageStore."""

from typing import Any

from newsingest.crawl.items import FetchFailure, RawPage
from newsingest.crawl.store import PageStore
from newsingest.db.engine import get_engine


class RawPagePipeline:
    """Stores raw pages and fetch failures of the running spider in the database."""

    def __init__(self, crawler: Any) -> None:
        """Keep the crawler; the store is bound when the spider opens."""
        self.crawler = crawler
        self.store: PageStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RawPagePipeline":
        """Build the pipeline for crawler (Scrapy's factory hook)."""
        return cls(crawler)

    def open_spider(self) -> None:
        """Bind a store to the spider's source and run."""
        spider = self.crawler.spider
        self.store = PageStore(get_engine(), spider.source.slug, spider.run_id)

    def process_item(self, item: Any) -> Any:
        """Queue the item for writing."""
        assert self.store is not None
        stats = self.crawler.stats
        if isinstance(item, RawPage):
            self.store.add_page(item)
            stats.inc_value("newsingest/pages_stored")
        elif isinstance(item, FetchFailure):
            self.store.add_failure(item)
            stats.inc_value(f"newsingest/failed/{item.stage}/{item.error_class}")
        return item

    def close_spider(self) -> None:
        """Write what is still queued."""
        if self.store is not None:
            self.store.flush()
