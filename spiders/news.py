"""`scrapy crawl news -a source=<slug>` from a checkout: one configured source's crawl, by hand.

The source is read from the configured sources.yaml (NEWSINGEST_SOURCES_FILE) and its raw pages are stored
in the configured database (NEWSINGEST_DATABASE_URL, upgraded: `newsingest db upgrade`), where the next run
processes them. Flows run newsingest.crawl.main instead, a subprocess a crawl.
"""

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newsingest.config import get_settings
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.runner import CrawlOutcome
from newsingest.crawl.settings import scrapy_settings
from newsingest.crawl.spider import NewsSpider
from newsingest.errors import NewsingestError
from newsingest.orchestration.checks import RunFacts, evaluate, failed_checks
from newsingest.sources import load_sources, select_sources


class HandCrawl(NewsSpider):
    """NewsSpider for a hand crawl: the plan is an ingest of the source named by its slug."""

    name = "news"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> "HandCrawl":
        """Read the settings and the named source here, the crawl's entry point, and pass them down."""
        slug = kwargs.pop("source", None)
        if not slug:
            raise UsageError("name a source: scrapy crawl news -a source=<slug in sources.yaml>")
        settings = get_settings()
        try:
            [source] = select_sources(load_sources(settings.sources_file), [slug])
        except NewsingestError as exc:
            raise UsageError(f"{exc} in {settings.sources_file}") from None
        # Settings may change until the crawl starts: the source's own apply over the project's.
        crawler.settings.setdict(scrapy_settings(source, settings), priority="spider")
        spider = super().from_crawler(crawler, CrawlPlan(source=source), *args, **kwargs)
        assert isinstance(spider, HandCrawl)
        return spider

    def closed(self, reason: str) -> None:
        """Finish as a flow's crawl does, then log the source's run checks that failed (a site down, say)."""
        super().closed(reason)
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        facts = RunFacts.of(CrawlOutcome(stats), len(self.source.entry_urls()))
        for check in failed_checks(evaluate(self.source.checks, facts)):
            self.logger.error("crawl of %s: check %s failed: %s", self.source.slug, check.name, check.detail)
