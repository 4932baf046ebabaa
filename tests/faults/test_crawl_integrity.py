"""Real crawls: bad links, deferred entries, retries that end, a locked SQLite, re-checks.

The store's side of each runs on both databases in tests/crawl (test_bad_links.py, test_retries.py,
test_rechecks.py, test_store_writer.py); these crawls are on SQLite.
"""

import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from newsingest.db.models import Failure, Page
from newsingest.sources import Source
from tests.conftest import ON_SQLITE
from tests.faults.conditional import ConditionalServer, Resource
from tests.faults.server import FaultServer, Hit, Reply
from tests.faults.site import (
    article_html,
    crawl_only,
    failures,
    fault_source,
    page,
    rss,
    run_ingest,
    serve_articles,
    summary_of,
)

pytestmark = [pytest.mark.slow, ON_SQLITE]
FEED_TYPE = "application/rss+xml"
LOCK_SECONDS = 3.0


def site_source(site: ConditionalServer, **update: Any) -> Source:
    """Return a source crawling site's /feed.xml; it opts in to its loopback address."""
    values: dict[str, Any] = {
        "slug": "conditional",
        "name": "Conditional site",
        "domain": "127.0.0.1",
        "base_url": site.base_url,
        "feeds": ["/feed.xml"],
        "article_pattern": r"/news/",
        "download_delay": 0,
        "allow_private_hosts": ["127.0.0.1"],
    }
    return Source(**(values | update))


def pages_by_url(engine: Engine, base_url: str) -> dict[str, int]:
    """Return {path: stored page rows}."""
    with engine.connect() as conn:
        rows = conn.execute(select(Page.url, func.count()).group_by(Page.url))
        return {url.removeprefix(base_url): int(n) for url, n in rows}


def test_crawl_bad_link_costs_only_itself_and_entries_over_budget_come_next_run(
    engine: Engine, database_url: str
) -> None:
    bad = "http://127.0.0.1:99999/news/bad-port.html"
    bracket = "http://[::1/news/bad-bracket.html"
    with ConditionalServer() as site:
        good = [f"/news/good-{i}.html" for i in range(4)]
        for path in good:
            site.resources[path] = Resource(article_html(path[6:-5]).encode())
        links = [site.url(p) for p in good[:2]] + [bad, bracket] + [site.url(p) for p in good[2:]]
        site.resources["/feed.xml"] = Resource(rss(links).body, FEED_TYPE, etag='"feed-v1"')
        source = site_source(site, max_pages=3)

        crawl_only(source, database_url)
        assert pages_by_url(engine, site.base_url) == dict.fromkeys(good[:3], 1)
        assert failures(engine) == {bad: ("discover", "BadURL"), bracket: ("discover", "BadURL")}

        crawl_only(source, database_url)  # the feed's validators were not kept: it is read in full again
        assert site.requests("/feed.xml")[-1].status == 200
        assert pages_by_url(engine, site.base_url) == dict.fromkeys(good, 1)

        crawl_only(source, database_url)  # now everything was handed on, the feed is asked conditionally
        assert site.requests("/feed.xml")[-1].headers.get("if-none-match") == '"feed-v1"'
        assert site.requests("/feed.xml")[-1].status == 304
        assert all(len(site.requests(p)) == 1 for p in good)


def test_crawl_failing_url_is_attempted_in_at_most_max_fetch_attempts_runs(
    engine: Engine, database_url: str, server: FaultServer
) -> None:
    paths = serve_articles(server, ["steady-story", "always-broken"])
    server.routes[paths[1]] = Reply(500, b"<html>Internal error</html>")
    # No wait between runs (refetch interval 0): only the attempt cap can stop the fetches.
    source = fault_source(server, max_fetch_attempts=2, refetch_interval_minutes=0)
    for _ in range(source.max_fetch_attempts + 1):  # the last run is past the cap
        crawl_only(source, database_url)
    assert server.requested(paths[1]) == 2 * 3  # two runs, each a first try and two retries
    with engine.connect() as conn:
        assert conn.execute(select(Failure.attempts)).scalar_one() == 2


def test_crawl_downloads_go_on_while_another_connection_holds_the_sqlite_write_lock(
    engine: Engine, database_url: str, server: FaultServer
) -> None:
    slugs = [f"story-{i:02d}" for i in range(60)]
    paths = serve_articles(server, slugs)
    database = str(make_url(database_url).database)
    held: list[float] = []

    def hold_lock() -> None:
        conn = sqlite3.connect(database, isolation_level=None, timeout=30)
        conn.execute("BEGIN IMMEDIATE")  # what a loader's transaction holds
        held.append(time.monotonic())
        time.sleep(LOCK_SECONDS)
        conn.execute("COMMIT")
        held.append(time.monotonic())
        conn.close()

    locker = threading.Thread(target=hold_lock)

    def article(slug: str) -> Any:
        def reply(_target: str) -> Reply:
            # The first article request takes the lock: discovery is done, pages start to arrive.
            if not locker.is_alive() and not held:
                locker.start()
            time.sleep(0.2)  # every page takes a moment, so the crawl spans the lock
            return page(slug)

        return reply

    for slug, path in zip(slugs, paths, strict=True):
        server.routes[path] = article(slug)
    crawl_only(fault_source(server, max_pages=100), database_url)
    locker.join()
    start, end = held
    during: list[Hit] = [h for h in server.log if h.path.startswith("/news/") and start + 1.0 < h.at < end]
    assert len(during) >= 3, f"{len(during)} pages requested while the write lock was held"
    assert pages_by_url(engine, server.base_url) == dict.fromkeys(paths, 1)


@pytest.mark.usefixtures("prefect_harness")
def test_recheck_stores_no_page_when_the_body_is_unchanged(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    published = datetime.now(UTC) - timedelta(hours=1)  # recent: due a correction check
    with ConditionalServer() as site:
        honours, ignores, changes = "/news/honours-etag.html", "/news/ignores-etag.html", "/news/changes.html"
        site.resources[honours] = Resource(article_html("honours", published=published).encode(), etag='"h1"')
        body = article_html("ignores", published=published).encode()
        site.resources[ignores] = Resource(body, etag='"i1"', honour_validators=False)
        site.resources[changes] = Resource(article_html("changes", published=published).encode())
        site.resources["/feed.xml"] = Resource(rss([site.url(p) for p in (honours, ignores, changes)]).body)
        source = site_source(site, refetch_interval_minutes=0)  # every run re-checks recent articles

        summary_of(run_ingest(tmp_path, source))
        corrected = article_html("changes", text="A correction was published. " * 20, published=published)
        site.resources[changes] = Resource(corrected.encode())
        summary_of(run_ingest(tmp_path, source))

        assert site.requests(honours)[-1].headers.get("if-none-match") == '"h1"'
        assert site.requests(honours)[-1].status == 304
        assert len(site.requests(ignores)) == 2
        assert pages_by_url(engine, site.base_url) == {honours: 1, ignores: 1, changes: 2}
