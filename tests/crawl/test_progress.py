"""A running crawl reports progress in the run log at INFO, and its end-of-crawl stats by their full names."""

import logging
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from newsingest.config import get_settings
from newsingest.crawl.progress_log import progress_message
from tests.faults.server import FaultServer, Reply
from tests.faults.site import fault_source, page, run_ingest, serve_articles, summary_of

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
PROGRESS = re.compile(
    r"^slow crawl progress: \d+ pages fetched \(\d+/min\), \d+ pages stored, \d+ failed, \d+ queued$"
)


def test_progress_lines_reach_the_run_log_at_info_while_a_slow_crawl_runs(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSINGEST_CRAWL_PROGRESS_INTERVAL", "1")
    get_settings.cache_clear()
    caplog.set_level(logging.DEBUG)
    with FaultServer() as server:
        slugs = [f"slow-{n}" for n in range(6)]
        serve_articles(server, slugs)
        for slug in slugs:  # each article answers after half a second, one at a time (download_delay)
            server.routes[f"/news/{slug}.html"] = Reply(200, page(slug).body, stall=0.5)
        summary = summary_of(run_ingest(tmp_path, fault_source(server, slug="slow", download_delay=0.5)))
    assert summary["fetched"] == 6  # (near-duplicate texts: some count as duplicates, not new)

    progress = [r for r in caplog.records if "crawl progress: " in r.getMessage()]
    assert len(progress) >= 2, [r.getMessage() for r in caplog.records]
    assert all(r.levelno == logging.INFO and PROGRESS.match(r.getMessage()) for r in progress), [
        (r.levelname, r.getMessage()) for r in progress
    ]
    # The last progress line has seen pages stored; Scrapy's own periodic stats stay at DEBUG.
    assert not progress[-1].getMessage().startswith("slow crawl progress: 0 pages fetched")
    scrapy_chatter = [
        r for r in caplog.records if "Crawled " in r.getMessage() and "pages/min" in r.getMessage()
    ]
    assert all(r.levelno == logging.DEBUG for r in scrapy_chatter)

    [stats] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("scrapy stats of slow: ")]
    assert "'downloader/request_count': " in stats and "'finish_reason': 'finished'" in stats
    assert "'count'" not in stats and "'ERROR'" not in stats


def test_a_progress_line_is_found_in_scrapys_log_format() -> None:
    line = "2026-03-02 12:00:00 [newsingest.crawl.progress_log] INFO: crawl progress: 3 pages fetched (180/min), 3 pages stored, 0 failed, 2 queued"
    assert (
        progress_message(line)
        == "crawl progress: 3 pages fetched (180/min), 3 pages stored, 0 failed, 2 queued"
    )
    assert progress_message("2026-03-02 12:00:00 [scrapy.extensions.logstats] INFO: Crawled 3 pages") is None
