"""Content faults: stubs, shells and short pages are failures and never replace a stored full text."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.faults.server import FaultServer, Reply
from tests.faults.site import (
    article_html,
    articles,
    failures,
    fault_source,
    page,
    run_ingest,
    serve_articles,
    summary_of,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
SHELL = b"<html><head><title>Loading</title></head><body><div id='app'></div><script src='/app.js'></script></body></html>"


def test_content_stub_shell_or_shorter_text_never_overwrites_full_text(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    now = datetime.now(UTC)  # recent, so every run fetches it again to catch corrections
    [path] = serve_articles(server, ["budget-vote"])
    server.routes[path] = page("budget-vote", published=now)
    source = fault_source(server, refetch_interval_minutes=0)
    summary_of(run_ingest(tmp_path, source))
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


def test_content_empty_js_comment_only_and_short_pages_are_failures(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    comments = "".join(
        f"<div class='comment'><span class='author'>reader{i}</span><p>I agree, great point number {i}!</p></div>"
        for i in range(30)
    )
    pages = {
        "calm-day": page("calm-day"),
        "js-shell": Reply(200, SHELL),
        "empty-body": Reply(200, b"<html><head><title>Nothing</title></head><body></body></html>"),
        "comments-only": Reply(
            200,
            f"<html><body><article></article><section id='comments'>{comments}</section></body></html>".encode(),
        ),
        "too-short": Reply(
            200, article_html("too-short", text="Breaking: the council met. More soon.").encode()
        ),
        "paywall-de": page(
            "paywall-de",
            text="Der Stadtrat hat am Dienstag getagt und vieles beschlossen. Jetzt abonnieren und weiterlesen mit Plus.",
        ),
    }
    paths = serve_articles(server, list(pages))
    for slug, reply in pages.items():
        server.routes[f"/news/{slug}.html"] = reply
    summary = summary_of(run_ingest(tmp_path, fault_source(server)))
    assert set(articles(engine, server.base_url)) == {paths[0]}
    found = failures(engine, server.base_url)
    assert {path: found[path][0] for path in paths[1:]} == dict.fromkeys(paths[1:], "empty")
    assert summary["status"] == "completed" and summary["failed"] == len(paths) - 1
