"""The crawl subprocess: `python -m newsingest.crawl.main --source-file F --run-id N --stats-file S`.

Twisted's reactor cannot be restarted inside one process, so every crawl gets a fresh interpreter.
"""

import argparse
import json
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from newsingest.config import get_settings
from newsingest.crawl.settings import scrapy_settings
from newsingest.crawl.spider import NewsSpider
from newsingest.sources import Source


def main(argv: list[str] | None = None) -> int:
    """Crawl one source and write Scrapy's stats as JSON to the stats file."""
    parser = argparse.ArgumentParser(prog="python -m newsingest.crawl.main")
    parser.add_argument("--source-file", type=Path, required=True)
    parser.add_argument("--run-id", type=int, default=None)
    parser.add_argument("--stats-file", type=Path, required=True)
    args = parser.parse_args(argv)
    source = Source.model_validate_json(args.source_file.read_text(encoding="utf-8"))
    process = CrawlerProcess(scrapy_settings(source, get_settings()), install_root_handler=True)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, source=source, run_id=args.run_id)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    args.stats_file.write_text(json.dumps(stats, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
