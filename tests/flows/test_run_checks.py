"""A run's outcome is its sources' outcome: real crawls judged by each source's checks, end to end.

The checks judge a run's counters, whatever the database: SQLite only.
"""

import socket
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prefect.settings import get_current_settings
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.cli.helpers import run_newsingest
from tests.conftest import ON_SQLITE, write_sources
from tests.faults.fixtures import FAST_SETTINGS
from tests.faults.server import FaultServer, Reply
from tests.faults.site import fault_source, rss, run_ingest, serve_articles, summary_of

from newsingest.db.models import CrawlRun, Failure, SourceRow
from newsingest.orchestration.backfill import backfill
from newsingest.sources import Listing, RunChecks, Source

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness", "fast_settings")]
SHARES = [
    "https://twitter.com/intent/tweet?url={url}&text=Read",
    "https://www.facebook.com/sharer/sharer.php?u={url}",
    "https://www.linkedin.com/shareArticle?mini=true&url={url}",
]


def closed_port() -> int:
    """Return a port of 127.0.0.1 nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def unreachable_source(slug: str = "gone", **update: Any) -> Source:
    """Return a source whose site (feed and robots.txt) refuses every connection."""
    values: dict[str, Any] = {
        "slug": slug,
        "name": "Gone",
        "domain": "127.0.0.1",
        "base_url": f"http://127.0.0.1:{closed_port()}",
        "feeds": ["/feed.xml"],
        "download_delay": 0,
        "allow_private_hosts": ["127.0.0.1"],
    }
    return Source(**(values | update))


def runs(engine: Engine) -> list[CrawlRun]:
    with Session(engine) as session:
        return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))


def source_row(engine: Engine, slug: str) -> SourceRow:
    with Session(engine) as session:
        return session.scalars(select(SourceRow).where(SourceRow.slug == slug)).one()


def check_failures(engine: Engine, open_only: bool = True) -> dict[str, Failure]:
    """Return the check failures by check name."""
    query = select(Failure).where(Failure.stage == "check")
    if open_only:
        query = query.where(Failure.resolved_at.is_(None))
    with Session(engine) as session:
        return {f.error_class: f for f in session.scalars(query)}


@ON_SQLITE
@pytest.mark.parametrize("site", ["closed port", "feed answers 500"])
def test_an_unreachable_source_fails_its_run_and_never_succeeds(
    engine: Engine, server: FaultServer, tmp_path: Path, site: str
) -> None:
    if site == "closed port":
        source = unreachable_source()
    else:
        server.routes["/feed.xml"] = Reply(500, b"<html>down</html>")
        source = fault_source(server, slug="gone")
    state = run_ingest(tmp_path, source)
    assert state.is_failed()
    [run] = runs(engine)
    assert run.status == "failed" and run.finished_at is not None
    assert run.counters["checks"] == ["discovery_reached"] and run.failed >= 1
    row = source_row(engine, "gone")
    assert row.last_success_at is None and row.consecutive_failures == 1
    failure = check_failures(engine)["discovery_reached"]
    assert failure.run_id == run.id and failure.source == "gone"
    assert "none of the source's 1 feeds, sitemaps and listings was fetched and parsed" in failure.detail

    # Still down: the same row counts the second failure, and the source keeps no success.
    assert run_ingest(tmp_path, source).is_failed()
    assert check_failures(engine)["discovery_reached"].attempts == 2
    assert source_row(engine, "gone").consecutive_failures == 2


def test_the_run_command_prints_the_summary_then_exits_1(tmp_path: Path) -> None:
    sources_file = write_sources(tmp_path / "sources.yaml", unreachable_source())
    env = {
        "NEWSINGEST_DATABASE_URL": f"sqlite:///{tmp_path}/newsingest.db",
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": str(
            get_current_settings().api.url
        ),  # the test's server: no temporary one to start
        "COLUMNS": "200",
        **FAST_SETTINGS,
    }
    result = run_newsingest(
        "run", "--source", "gone", "--sources-file", str(sources_file), env=env, cwd=tmp_path, timeout=300
    )
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Run summary" in result.stdout and "gone" in result.stdout and "failed" in result.stdout
    assert "newsingest: ingest run Failed" in result.stderr

    listed = run_newsingest("failures", "--source", "gone", env=env, cwd=tmp_path)
    assert listed.returncode == 0 and "check" in listed.stdout and "discovery_reached" in listed.stdout


@ON_SQLITE
def test_share_links_in_feeds_and_listings_are_dropped_silently(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    paths = serve_articles(server, ["council-vote", "bridge-repair"])
    urls = [server.url(p) for p in paths]
    shares = [share.format(url=url) for url in urls for share in SHARES]
    server.routes["/feed.xml"] = rss([*urls, *shares])
    buttons = "".join(f"<a href='{share.replace('&', '&amp;')}'>share</a>" for share in shares)
    server.routes["/section/"] = Reply(200, f"<html><body>{buttons}</body></html>".encode())
    # No article_pattern for the feed: every link it lists is taken for an article of the source.
    source = fault_source(
        server, article_pattern=None, listings=[{"url": "/section/", "article_pattern": r"news"}]
    )
    summary = summary_of(run_ingest(tmp_path, source))
    with engine.connect() as conn:
        assert conn.execute(select(Failure.stage, Failure.error_class, Failure.url)).all() == []
    assert summary["status"] == "completed" and summary["new"] == 2 and summary["failed"] == 0
    assert summary["offsite_links"] == 2 * len(shares)  # the feed's and the section page's
    assert summary["checks"] == []


@ON_SQLITE
def test_checks_configured_per_source_fail_the_run_each_as_its_own_row(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    slugs = [f"story-{i}" for i in range(10)]
    paths = serve_articles(server, slugs)
    for path in paths[:3]:
        server.routes[path] = Reply(404, b"<html>gone</html>")
    # 3 of 11 fetches fail: within the default max_error_rate (0.5), above this source's.
    strict = fault_source(server, checks=RunChecks(max_error_rate=0.2, min_pages=20))
    state = run_ingest(tmp_path, strict)
    assert state.is_failed()
    found = check_failures(engine)
    assert set(found) == {"error_rate", "min_pages"}
    assert found["error_rate"].detail == (
        "check error_rate failed: error rate 0.27: 3 of 11 fetches failed (above max_error_rate 0.20)"
    )
    assert "10 article links listed, fewer than min_pages 20 (configured)" in found["min_pages"].detail
    assert runs(engine)[0].counters["checks"] == ["error_rate", "min_pages"]

    # The same site under the default checks: a few failed pages are failures rows, not a failed run.
    summary = summary_of(run_ingest(tmp_path, fault_source(server, refetch_interval_minutes=0)))
    assert summary["status"] == "completed" and summary["checks"] == []
    assert check_failures(engine) == {}  # both checks passed: their rows are resolved
    assert set(check_failures(engine, open_only=False)) == {"error_rate", "min_pages"}


@ON_SQLITE
def test_a_source_that_always_listed_articles_fails_when_it_lists_none(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    serve_articles(server, ["first-story", "second-story"])
    source = fault_source(server)
    healthy = server.routes["/feed.xml"]
    assert summary_of(run_ingest(tmp_path, source))["discovered"] == 2

    # The feed still answers, but its links no longer match (a redesign): nothing is discovered.
    server.routes["/feed.xml"] = rss([server.url("/story/first-story"), server.url("/story/second-story")])
    state = run_ingest(tmp_path, source)
    assert state.is_failed()
    failure = check_failures(engine)["min_pages"]
    assert failure.detail == (
        "check min_pages failed: 0 article links listed, fewer than min_pages 1 "
        "(the last 1 completed runs listed a median of 2)"
    )
    assert source_row(engine, "faults").consecutive_failures == 1

    server.routes["/feed.xml"] = healthy
    summary = summary_of(run_ingest(tmp_path, source))
    assert summary["status"] == "completed" and check_failures(engine) == {}


@ON_SQLITE
def test_a_backfill_of_an_unreachable_source_fails(engine: Engine, tmp_path: Path) -> None:
    source = unreachable_source(
        sitemaps=["/sitemap.xml"], listings=[Listing(url="/archive/", article_pattern="/")]
    )
    sources_file = write_sources(tmp_path / "sources.yaml", source)
    state = backfill(
        sources=["gone"],
        since=date(2024, 3, 1),
        until=date(2024, 3, 2),
        sources_file=str(sources_file),
        return_state=True,
    )
    assert state.is_failed()
    [run] = runs(engine)
    assert run.kind == "backfill" and run.status == "failed"
    assert "none of the source's 3 feeds" in check_failures(engine)["discovery_reached"].detail
    assert source_row(engine, "gone").last_success_at is None
