"""A bare Scrapy spider, the crawl baseline: finds articles through the same feed and sitemaps, keeps nothing.

    python -m bench.bare_spider --settings-file S --stats-file F --pattern RE --entry URL [--entry URL ...]

It uses Scrapy alone (its sitemap parser, its duplicate filter, its robots.txt middleware), so the gap to
NewsSpider is what newsingest adds: raw-page storage, known-URL lookups, failure records, the SSRF guard.
"""

import argparse
import json
import re
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from newsingest.memory import peak_rss_kb  # standard library only: the baseline stays Scrapy alone


class BareSpider(scrapy.Spider):
    """Requests every article a feed or sitemap lists and discards the response."""

    name = "bare"

    def __init__(self, entries: list[str], pattern: str, **kwargs: Any) -> None:
        """Start from the feed and sitemap URLs; article URLs match pattern."""
        super().__init__(**kwargs)
        self.entries = entries
        self.article = re.compile(pattern)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Request the feeds and sitemaps."""
        for url in self.entries:
            callback = self.parse_feed if url.endswith("feed.xml") else self.parse_sitemap
            yield scrapy.Request(url, callback=callback)

    def _articles(self, urls: list[str]) -> Iterator[scrapy.Request]:
        for url in urls:
            if self.article.search(url):
                yield scrapy.Request(url, callback=self.parse_article)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """Request the feed's article links."""
        yield from self._articles(response.xpath("//item/link/text()").getall())

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow a sitemap index, or request a sitemap's articles."""
        sitemap = Sitemap(response.body)
        locations = [entry["loc"] for entry in sitemap]
        if sitemap.type == "sitemapindex":
            for url in locations:
                yield scrapy.Request(url, callback=self.parse_sitemap)
        else:
            yield from self._articles(locations)

    def parse_article(self, response: Response) -> None:
        """Count the page and drop it."""
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("bare/pages")


def main(argv: list[str] | None = None) -> int:
    """Crawl with the given Scrapy settings and write the final stats as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings-file", type=Path, required=True)
    parser.add_argument("--stats-file", type=Path, required=True)
    parser.add_argument("--pattern", required=True)
    parser.add_argument("--entry", action="append", required=True)
    args = parser.parse_args(argv)
    settings = json.loads(args.settings_file.read_text(encoding="utf-8"))
    # A disk-backed request queue, as newsingest's crawl has (crawl/main.py): one scheduler for both.
    with tempfile.TemporaryDirectory(prefix="bare-queue-") as queue_dir:
        settings["JOBDIR"] = queue_dir
        process = CrawlerProcess(settings, install_root_handler=True)
        crawler = process.create_crawler(BareSpider)
        process.crawl(crawler, entries=args.entry, pattern=args.pattern)
        process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    stats["bare/peak_rss_kb"] = peak_rss_kb()
    args.stats_file.write_text(json.dumps(stats, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
