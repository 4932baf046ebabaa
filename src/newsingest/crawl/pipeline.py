"""Scrapy item pipeline writing RawPage and FetchFailure items through PageStore."""

from typing import Any

from newsingest.crawl.items import FetchFailure, RawPage
from newsingest.crawl.store import PageStore
from newsingest.db.engine import get_engine


class RawPagePipeline:
    """Stores raw pages and fetch failures of the running spider in the database."""

    def __init__(self) -> None:
        """Start without a store; it is bound when the spider opens."""
        self.store: PageStore | None = None

    def open_spider(self, spider: Any) -> None:
        """Bind a store to the spider's source and run."""
        self.store = PageStore(get_engine(), spider.source.slug, spider.run_id)
        self.spider = spider

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Queue the item for writing."""
        assert self.store is not None
        stats = self.spider.crawler.stats
        if isinstance(item, RawPage):
            self.store.add_page(item)
            stats.inc_value("newsingest/pages_stored")
        elif isinstance(item, FetchFailure):
            self.store.add_failure(item)
            stats.inc_value(f"newsingest/failed/{item.stage}/{item.error_class}")
        return item

    def close_spider(self, spider: Any = None) -> None:
        """Write what is still queued."""
        if self.store is not None:
            self.store.flush()
