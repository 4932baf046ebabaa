"""Crawl faults: slow, failing, resetting and misbehaving servers, robots.txt and crawler traps."""

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from newsingest.db.models import Failure, Page
from tests.faults.server import FaultServer, Reply
from tests.faults.site import (
    articles,
    count,
    failures,
    fault_source,
    page,
    rss,
    run_ingest,
    serve_articles,
    summary_of,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def test_crawl_timeout_slow_headers(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["calm-day", "slow-headers"])
    server.routes[paths[1]] = Reply(200, b"<html></html>", stall=30)
    summary = summary_of(run_ingest(tmp_path, fault_source(server)))
    assert failures(engine, server.base_url) == {paths[1]: ("fetch", "TimeoutError")}
    assert set(articles(engine, server.base_url)) == {paths[0]}
    assert summary["duration_s"] < 25  # three 2 s attempts, not the stall


def test_crawl_timeout_one_byte_per_second_body(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["calm-day", "dripping-body"])
    server.routes[paths[1]] = Reply(200, page("dripping-body").body, drip=1.0)
    run_ingest(tmp_path, fault_source(server))
    assert failures(engine, server.base_url) == {paths[1]: ("fetch", "TimeoutError")}
    assert set(articles(engine, server.base_url)) == {paths[0]}


def test_crawl_429_retry_after_honoured_per_host(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    with FaultServer() as other:
        limited = serve_articles(server, ["limited-story"])[0]
        free = [f"/news/free-{i}.html" for i in range(3)]
        for path in free:
            other.routes[path] = page(path[6:-5])
        server.routes[limited] = [Reply(429, b"slow down", {"Retry-After": "3"}), page("limited-story")]
        server.routes["/feed.xml"] = rss([server.url(limited), *(other.url(p) for p in free)])
        summary = summary_of(run_ingest(tmp_path, fault_source(server)))
        first, retry = server.hits(limited)
        assert retry.at - first.at >= 2.9  # the 429's host waited as asked
        assert all(hit.at < first.at + 2.5 for p in free for hit in other.hits(p))  # other hosts did not
        assert summary["new"] == 4 and failures(engine) == {}


def test_crawl_5xx_burst_then_success(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["flaky-server"])
    server.routes[paths[0]] = [Reply(503, b"busy"), Reply(502, b"bad gateway"), page("flaky-server")]
    summary = summary_of(run_ingest(tmp_path, fault_source(server)))
    assert server.requested(paths[0]) == 3
    assert summary["new"] == 1 and failures(engine) == {}


def test_crawl_always_500_failure_row_and_retried_next_run(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    paths = serve_articles(server, ["good-one", "broken-one"])
    healthy = server.routes[paths[1]]
    server.routes[paths[1]] = Reply(500, b"<html>Internal error</html>")
    source = fault_source(server, refetch_interval_minutes=0)  # no backoff wait between the runs
    run_ingest(tmp_path, source)
    assert failures(engine, server.base_url) == {paths[1]: ("fetch", "HTTP 500")}
    assert server.requested(paths[1]) == 3  # first try and two retries
    run_ingest(tmp_path, source)
    assert server.requested(paths[1]) == 6  # a later run tries the URL again
    with engine.connect() as conn:
        assert conn.execute(select(Failure.attempts)).scalar_one() == 2
    server.routes[paths[1]] = healthy
    run_ingest(tmp_path, source)
    assert failures(engine) == {} and set(articles(engine, server.base_url)) == set(paths)


def test_crawl_connection_reset(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["calm-day", "reset-story"])
    server.routes[paths[1]] = Reply(reset=True)
    run_ingest(tmp_path, fault_source(server))
    stage, error_class = failures(engine, server.base_url)[paths[1]]
    assert stage == "fetch" and error_class in (
        "DownloadFailedError",
        "ResponseNeverReceived",
        "ConnectionLost",
    )
    assert set(articles(engine, server.base_url)) == {paths[0]}


def test_crawl_truncated_body(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["calm-day", "cut-short"])
    body = page("cut-short").body
    server.routes[paths[1]] = Reply(200, body, truncate_to=len(body) // 2)
    run_ingest(tmp_path, fault_source(server))
    assert failures(engine, server.base_url) == {paths[1]: ("fetch", "ResponseDataLossError")}
    assert count(engine, Page, Page.url == server.url(paths[1])) == 0  # half a page is never stored


def test_crawl_redirect_loops(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["calm-day", "loop-a", "endless"])
    server.routes[paths[1]] = Reply(302, headers={"Location": "/news/loop-b.html"})
    server.routes["/news/loop-b.html"] = Reply(302, headers={"Location": paths[1]})
    server.routes[paths[2]] = lambda target: Reply(302, headers={"Location": f"{paths[2]}?n={len(target)}"})
    run_ingest(tmp_path, fault_source(server))
    found = failures(engine, server.base_url)
    assert found == {paths[1]: ("fetch", "RedirectLoop"), paths[2]: ("fetch", "RedirectLoop")}
    assert len(server.log) < 30


def test_crawl_non_html_content_types(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["calm-day", "report-pdf", "photo", "lying-label"])
    server.routes[paths[1]] = Reply(200, PDF, {"Content-Type": "application/pdf"})
    server.routes[paths[2]] = Reply(200, PNG, {"Content-Type": "image/png"})
    server.routes[paths[3]] = Reply(200, PNG, {"Content-Type": "text/html; charset=utf-8"})
    summary = summary_of(run_ingest(tmp_path, fault_source(server)))
    assert failures(engine, server.base_url) == {
        paths[1]: ("fetch", "NotHTML"),
        paths[2]: ("fetch", "NotHTML"),
        paths[3]: ("extract", "BinaryContent"),
    }
    assert summary["new"] == 1 and summary["status"] == "completed"


def test_crawl_robots_txt_disallow(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["open-story", "private-story"])
    server.routes["/robots.txt"] = Reply(
        200, b"User-agent: *\nDisallow: /news/private-\n", {"Content-Type": "text/plain"}
    )
    run_ingest(tmp_path, fault_source(server))
    assert failures(engine, server.base_url) == {paths[1]: ("robots", "RobotsDisallowed")}
    assert server.requested(paths[1]) == 0 and server.requested(paths[0]) == 1


@pytest.mark.parametrize("robots", ["5xx", "timeout"])
def test_crawl_robots_txt_5xx_or_timeout_disallows_all_for_the_run(
    engine: Engine, server: FaultServer, tmp_path: Path, robots: str
) -> None:
    paths = serve_articles(server, ["first-story", "second-story"])
    answer = Reply(503, b"down") if robots == "5xx" else Reply(200, b"", stall=30)
    server.routes["/robots.txt"] = answer
    source = fault_source(server)
    state = run_ingest(tmp_path, source)
    assert state.is_failed()  # nothing of the site was reached: the source's run fails, loudly
    assert {hit.path for hit in server.log} == {"/robots.txt"}  # not even the feed was fetched
    assert failures(engine, server.base_url) == {
        "/feed.xml": ("robots", "RobotsUnreachable"),
        "/feed.xml#check=discovery_reached": ("check", "discovery_reached"),
    }
    server.routes["/robots.txt"] = Reply(404, b"no robots here")  # RFC 9309: 404 allows everything
    summary_of(run_ingest(tmp_path, source))
    assert set(articles(engine, server.base_url)) == set(paths)


def test_crawl_robots_txt_404_allows(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["first-story", "second-story"])
    server.routes["/robots.txt"] = Reply(404, b"<html>Disallow: /</html>")  # an error page is no rules
    summary_of(run_ingest(tmp_path, fault_source(server)))
    assert set(articles(engine, server.base_url)) == set(paths)


def test_crawl_traps_bounded_by_page_budget_and_depth(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    def calendar(target: str) -> Reply:
        month = int(target.rsplit("=", 1)[-1]) if "=" in target else 0
        days = "".join(f"<a href='/news/cal/{month}/day-{d}.html'>{d}</a>" for d in range(1, 29))
        sessions = "".join(
            f"<a href='/news/story.html?PHPSESSID={uuid.uuid4().hex}'>s</a>" for _ in range(20)
        )
        loops = "<a href='/news/a/b/a/b/a/b/x.html'>l</a><a href='/news/x/news/x/news/x/y.html'>l</a>"
        nav = f"<a rel='next' href='/calendar?m={month + 1}'>next</a>"
        return Reply(200, f"<html><body>{days}{sessions}{loops}{nav}</body></html>".encode())

    server.routes["/calendar"] = calendar
    server.routes["/news/story.html"] = page("session-story")
    for month in range(3):
        for day in range(1, 29):
            server.routes[f"/news/cal/{month}/day-{day}.html"] = page(f"day-{month}-{day}")
    source = fault_source(
        server, feeds=[], listings=[{"url": "/calendar", "article_pattern": "/news/"}], max_pages=10
    )
    summary = summary_of(run_ingest(tmp_path, source))
    listing_hits = [h for h in server.log if h.path.startswith("/calendar")]
    article_hits = [h for h in server.log if h.path.startswith("/news/")]
    assert len(listing_hits) == 1  # the ingest plan follows no "next" link: the calendar has no end
    assert len(article_hits) == 10 == summary["fetched"]  # the per-source page budget
    assert not any("/a/b/a/" in h.path or "/x/news/x/" in h.path for h in article_hits)
    assert len([h for h in article_hits if h.path.startswith("/news/story.html")]) <= 1
