"""Content faults: stubs, shells and short pages are failures and never replace a stored full text.

The loader keeps or replaces a stored text by comparing texts, not by what a database does: SQLite only.
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import ON_SQLITE
from tests.faults.server import FaultServer, Reply
from tests.faults.site import (
    article_html,
    articles,
    failures,
    fault_source,
    page,
    rss,
    run_ingest,
    summary_of,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness"), ON_SQLITE]
SHELL = b"<html><head><title>Loading</title></head><body><div id='app'></div><script src='/app.js'></script></body></html>"
COMMENTS = "".join(
    f"<div class='comment'><span class='author'>reader{i}</span><p>I agree, great point number {i}!</p></div>"
    for i in range(30)
)
EMPTY_PAGES = {
    "js-shell": Reply(200, SHELL),
    "empty-body": Reply(200, b"<html><head><title>Nothing</title></head><body></body></html>"),
    "comments-only": Reply(
        200,
        f"<html><body><article></article><section id='comments'>{COMMENTS}</section></body></html>".encode(),
    ),
    "too-short": Reply(200, article_html("too-short", text="Breaking: the council met. More soon.").encode()),
    "paywall-de": page(
        "paywall-de",
        text="Der Stadtrat hat am Dienstag getagt und vieles beschlossen. Jetzt abonnieren und weiterlesen mit Plus.",
    ),
}


def test_content_empty_pages_are_failures_and_a_stub_shell_or_shorter_text_never_overwrites_full_text(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    now = datetime.now(UTC)  # recent, so every run fetches it again to catch corrections
    path = "/news/budget-vote.html"
    server.routes[path] = page("budget-vote", published=now)
    empty = [f"/news/{slug}.html" for slug in EMPTY_PAGES]
    for url, reply in zip(empty, EMPTY_PAGES.values(), strict=True):
        server.routes[url] = reply
    server.routes["/feed.xml"] = rss([server.url(p) for p in [path, *empty]])
    source = fault_source(server, refetch_interval_minutes=0)

    # Empty, script-only, comment-only, too short or a paywall teaser: a failure each, never an article.
    summary = summary_of(run_ingest(tmp_path, source))
    assert set(articles(engine, server.base_url)) == {path}
    found = failures(engine, server.base_url)
    assert {p: found[p][0] for p in empty} == dict.fromkeys(empty, "empty")
    assert summary["status"] == "completed" and summary["failed"] == len(empty)

    # The stored full text stays whatever a later fetch of the same page brings.
    full = articles(engine, server.base_url)[path]
    teaser = "The city council voted on Tuesday to fund a new library branch in the northern district. " * 2
    replies = {
        "PaywallStub": page("budget-vote", published=now, text=teaser + "Subscribe to continue reading."),
        "EmptyExtraction": Reply(200, SHELL),
        "ShorterText": page(
            "budget-vote",
            published=now,
            text="A short note replaced the story. " + " ".join(f"word{i}" for i in range(40)),
        ),
    }
    for error_class, reply in replies.items():
        server.routes[path] = reply
        summary_of(run_ingest(tmp_path, source))
        stored = articles(engine, server.base_url)[path]
        assert (stored.text, stored.content_hash) == (full.text, full.content_hash), error_class
        assert failures(engine, server.base_url)[path] == ("empty", error_class)
    assert server.requested(path) == 4
