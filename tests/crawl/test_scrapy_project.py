"""The checkout is a Scrapy project: `scrapy list`, `scrapy check` and `scrapy crawl news -a source=<slug>`."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from spiders.news import HandCrawl
from sqlalchemy import Engine, func, select

from newsingest.config import get_settings
from newsingest.crawl.settings import scrapy_settings
from newsingest.db.models import Page
from newsingest.sources import Source
from tests.conftest import write_sources

ROOT = Path(__file__).parents[2]
ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    """Run a scrapy command in the checkout, with this test's environment."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_scrapy_list_and_check_run_from_the_checkout() -> None:
    listed = scrapy("list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["news"]
    checked = scrapy("check")
    assert checked.returncode == 0, checked.stderr


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """Settings read anew from this test's environment, and forgotten after it."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_named_source_gives_the_plan_and_the_crawl_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    source = Source(
        slug="local",
        name="Local",
        domain="n.example",
        feeds=["https://n.example/feed.xml"],
        download_delay=0.5,
    )
    monkeypatch.setenv("NEWSINGEST_SOURCES_FILE", str(write_sources(tmp_path / "sources.yaml", source)))
    crawler = Crawler(HandCrawl)  # settings not applied yet, as when `scrapy crawl` makes the spider
    spider = HandCrawl.from_crawler(crawler, source="local")
    assert spider.plan.source == source and spider.plan.mode == "ingest"
    for name, value in scrapy_settings(source, get_settings()).items():
        assert crawler.settings[name] == value, name


@ON_SQLITE
def test_a_hand_crawl_stores_the_pages_of_the_source_its_slug_names(
    engine: Engine, demo_sources_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo site listens on a free port: only the configured file's base_url reaches it.
    monkeypatch.setenv("NEWSINGEST_SOURCES_FILE", str(demo_sources_file))
    crawled = scrapy("crawl", "news", "-a", "source=demo")
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    with engine.connect() as conn:
        stored = conn.execute(
            select(func.count()).select_from(Page).where(Page.source == "demo")
        ).scalar_one()
    assert stored > 0


@ON_SQLITE
def test_a_hand_crawl_of_a_site_that_is_down_says_so(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Source(
        slug="down",
        name="Down",
        domain="127.0.0.1",
        base_url="http://127.0.0.1:9",  # nothing listens there
        feeds=["/feed.xml"],
        download_delay=0,
        allow_private_hosts=["127.0.0.1"],
    )
    monkeypatch.setenv("NEWSINGEST_SOURCES_FILE", str(write_sources(tmp_path / "sources.yaml", source)))
    crawled = scrapy("crawl", "news", "-a", "source=down")
    assert "crawl of down: check discovery_reached failed" in crawled.stderr, crawled.stderr[-3000:]


def test_a_hand_crawl_of_an_unknown_source_fails_naming_the_known_ones() -> None:
    crawled = scrapy("crawl", "news", "-a", "source=nosuch")
    assert crawled.returncode == 1
    assert "unknown source nosuch (known: " in crawled.stderr
    assert "TypeError" not in crawled.stderr
