"""Crawl faults end to end, once per family: fetch faults, Retry-After, robots.txt and crawler traps.

How each fault is handled is unit-tested without a process (tests/crawl/test_fetch_failures.py and
tests/crawl/middlewares/); here each family goes once through the real flow, crawl subprocess and loader.
The database is not the subject: SQLite only.
"""

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine

from newsingest.db.models import Page
from newsingest.sources import RunChecks
from tests.conftest import ON_SQLITE
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

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness"), ON_SQLITE]
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
FAULTS = [
    "slow-headers",
    "dripping-body",
    "flaky-server",
    "broken-one",
    "reset-story",
    "cut-short",
    "loop-a",
    "endless",
    "report-pdf",
    "photo",
    "lying-label",
    "private-story",
]


def test_crawl_fetch_faults_each_become_their_failure_and_the_rest_is_stored(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    paths = dict(zip(["calm-day", *FAULTS], serve_articles(server, ["calm-day", *FAULTS]), strict=True))
    routes = server.routes
    routes[paths["slow-headers"]] = Reply(200, b"<html></html>", stall=30)
    routes[paths["dripping-body"]] = Reply(200, page("dripping-body").body, drip=1.0)
    routes[paths["flaky-server"]] = [Reply(503, b"busy"), Reply(502, b"bad gateway"), page("flaky-server")]
    routes[paths["broken-one"]] = Reply(500, b"<html>Internal error</html>")
    routes[paths["reset-story"]] = Reply(reset=True)
    body = page("cut-short").body
    routes[paths["cut-short"]] = Reply(200, body, truncate_to=len(body) // 2)
    routes[paths["loop-a"]] = Reply(302, headers={"Location": "/news/loop-b.html"})
    routes["/news/loop-b.html"] = Reply(302, headers={"Location": paths["loop-a"]})
    endless = paths["endless"]
    routes[endless] = lambda target: Reply(302, headers={"Location": f"{endless}?n={len(target)}"})
    routes[paths["report-pdf"]] = Reply(200, PDF, {"Content-Type": "application/pdf"})
    routes[paths["photo"]] = Reply(200, PNG, {"Content-Type": "image/png"})
    routes[paths["lying-label"]] = Reply(200, PNG, {"Content-Type": "text/html; charset=utf-8"})
    routes["/robots.txt"] = Reply(
        200, b"User-agent: *\nDisallow: /news/private-\n", {"Content-Type": "text/plain"}
    )
    # Most of this site fails on purpose: the faults are the subject here, not the run's error-rate check.
    source = fault_source(server, checks=RunChecks(max_error_rate=None))

    summary = summary_of(run_ingest(tmp_path, source))
    found = failures(engine, server.base_url)
    stage, reset_class = found.pop(paths["reset-story"])
    assert stage == "fetch" and reset_class in (
        "DownloadFailedError",
        "ResponseNeverReceived",
        "ConnectionLost",
    )
    assert found == {
        paths["slow-headers"]: ("fetch", "TimeoutError"),  # the 2 s timeout, not the 30 s stall
        paths["dripping-body"]: ("fetch", "TimeoutError"),  # one byte a second never finishes in time
        paths["broken-one"]: ("fetch", "HTTP 500"),
        paths["cut-short"]: ("fetch", "ResponseDataLossError"),
        paths["loop-a"]: ("fetch", "RedirectLoop"),
        endless: ("fetch", "RedirectLoop"),
        paths["report-pdf"]: ("fetch", "NotHTML"),
        paths["photo"]: ("fetch", "NotHTML"),
        paths["lying-label"]: ("extract", "BinaryContent"),
        paths["private-story"]: ("robots", "RobotsDisallowed"),
    }
    assert set(articles(engine, server.base_url)) == {paths["calm-day"], paths["flaky-server"]}
    assert summary["status"] == "completed" and summary["new"] == 2
    assert server.requested(paths["flaky-server"]) == 3 and server.requested(paths["broken-one"]) == 3
    assert server.requested(paths["private-story"]) == 0
    assert count(engine, Page, Page.url == server.url(paths["cut-short"])) == 0  # half a page is never stored
    assert len([h for h in server.log if h.path.startswith(("/news/loop-", endless))]) < 30


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


def test_crawl_robots_txt_unreachable_fails_the_run_until_it_answers_404(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    paths = serve_articles(server, ["first-story", "second-story"])
    server.routes["/robots.txt"] = Reply(503, b"down")
    source = fault_source(server)
    state = run_ingest(tmp_path, source)
    assert state.is_failed()  # nothing of the site was reached: the source's run fails, loudly
    assert {hit.path for hit in server.log} == {"/robots.txt"}  # not even the feed was fetched
    assert failures(engine, server.base_url) == {
        "/feed.xml": ("robots", "RobotsUnreachable"),
        "/feed.xml#check=discovery_reached": ("check", "discovery_reached"),
    }
    # RFC 9309: a 4xx allows everything, and an error page's text is no rules.
    server.routes["/robots.txt"] = Reply(404, b"<html>Disallow: /</html>")
    summary_of(run_ingest(tmp_path, source))
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
