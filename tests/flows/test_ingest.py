"""The ingest flow end to end: real Scrapy crawl of the demo site, real Prefect, SQLite and PostgreSQL."""

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session
from tests.canned_site import CannedDemoSite, CannedResponse
from tests.conftest import ON_SQLITE, write_sources

from newsingest.db.models import Article, ArticleVersion, CrawlRun, Failure, Page, SourceRow
from newsingest.demo import SITE_DIR, DemoSite
from newsingest.orchestration.ingest import ingest
from newsingest.sources import Source

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
MANIFEST = json.loads((SITE_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
AMN = "/amn/2022/01/2-suicide-drones-shot-down-while-trying-to-attack-us-troops-in-iraq/"
K24 = "/k24/2022/01/coalition-forces-targeted-by-suicide-drones-in-baghdad.html"
TELEGRAM_PROMO = "Join our brand new verified AMN Telegram channel"


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def summary_table(flow_run_id: Any) -> list[dict[str, Any]]:
    """Return the rows of the run's table artifact of the demo source (one key per source)."""
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    async def read() -> list[Any]:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    key=ArtifactFilterKey(any_=["ingest-summary-demo"]),
                    flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]),
                )
            )

    [artifact] = asyncio.run(read())
    assert artifact.type == "table"
    return artifact.data if isinstance(artifact.data, list) else json.loads(artifact.data)


def test_demo_site_ingests_cleanly_publishes_its_table_and_a_second_run_adds_nothing(
    engine: Engine, demo_site: CannedDemoSite, demo_sources_file: Path
) -> None:
    state = ingest(sources=["demo"], sources_file=str(demo_sources_file), kind="manual", return_state=True)
    [summary] = state.result()
    table = summary_table(state.state_details.flow_run_id)
    assert table[0]["source"] == "demo" and table[0]["new"] == len(MANIFEST) - 1
    assert summary["status"] == "completed" and summary["failed"] == 0
    assert summary["new"] + summary["duplicates"] == len(MANIFEST) and summary["duplicates"] == 1
    assert demo_site.requested("/private/drafts.html") == 0  # robots.txt forbids it
    assert demo_site.requested("/robots.txt") >= 1

    with Session(engine) as session:
        by_path = {a.url.removeprefix(demo_site.base_url): a for a in session.scalars(select(Article))}
    assert set(by_path) == {m["path"] for m in MANIFEST}  # tracking parameters gone from the AMN feed link
    for expected in MANIFEST:
        article = by_path[expected["path"]]
        assert article.title == expected["title"]
        assert article.language == expected["language"]
        assert article.authors == expected["authors"]
        assert article.published_at is not None
        assert article.published_at.isoformat()[:10] == expected["published"][:10]
        # A standfirst the page shows (its declared description) opens the text, then the body.
        opening = [expected["standfirst"]] if expected["standfirst"] else []
        assert article.text.startswith("\n".join([*opening, expected["first_sentence"]])), expected["path"]
    for path in (AMN, K24):
        article = by_path[path]
        assert article.published_at is not None and article.published_at.date().isoformat() == "2022-01-03"
        assert TELEGRAM_PROMO not in article.text and "Read More" not in article.text
        assert "(Photo:" not in article.text and "Cpl. Gabino Perez" not in article.text
        assert "Iraq Coalition Iraq Baghdad" not in article.text and "Tags:" not in article.text
    assert by_path[
        "/wire/2021/11/city-council-approves-riverside-library-renovation.html"
    ].duplicate_of_id == (
        by_path["/local/2021/11/city-council-approves-riverside-library-renovation.html"].id
    )
    with Session(engine) as session:
        run = session.scalars(select(CrawlRun)).one()
        source_row = session.scalars(select(SourceRow)).one()
    assert run.status == "completed" and run.new == summary["new"] and run.fetched == len(MANIFEST)
    assert run.counters["dropped_by_rule"]["promo.join_channel"] >= 1
    assert source_row.last_success_at is not None

    requests_before = len(demo_site.requests)
    pages_before = count(engine, Page)
    [again] = ingest(sources=["demo"], sources_file=str(demo_sources_file), kind="manual")
    assert (again["new"], again["updated"], again["fetched"]) == (0, 0, 0)
    assert again["skipped_known"] == len(MANIFEST)
    assert count(engine, Article) == len(MANIFEST) and count(engine, ArticleVersion) == 0
    assert count(engine, Page) == pages_before
    article_requests = [p for p in demo_site.requests[requests_before:] if p.count("/") >= 4]
    assert article_requests == []  # nothing known is fetched again


@ON_SQLITE
def test_failed_pages_become_failure_rows_while_the_rest_load(
    engine: Engine, demo_site: CannedDemoSite, demo_sources_file: Path
) -> None:
    broken, empty = MANIFEST[0]["path"], MANIFEST[2]["path"]
    demo_site.overrides[broken] = CannedResponse(500, b"<html><body>Internal error</body></html>")
    demo_site.overrides[empty] = CannedResponse(
        200,
        b"<html><head><title>Loading</title></head><body><div id='app'></div><script>boot()</script></body></html>",
        {"Content-Type": "text/html; charset=utf-8"},
    )
    [summary] = ingest(sources=["demo"], sources_file=str(demo_sources_file), kind="manual")
    assert summary["status"] == "completed"
    with Session(engine) as session:
        failures = {
            (f.url.removeprefix(demo_site.base_url), f.stage, f.error_class, f.http_status)
            for f in session.scalars(select(Failure))
        }
    assert (broken, "fetch", "HTTP 500", 500) in failures
    assert any(path == empty and stage == "empty" for path, stage, *_ in failures)
    assert count(engine, Article) == len(MANIFEST) - 2
    assert demo_site.requested(broken) == 3  # first try and two retries

    # The site recovers. A run within the failed URL's backoff leaves it alone; once the backoff has
    # passed, the next run fetches it again and closes its failure.
    demo_site.overrides.pop(broken)
    ingest(sources=["demo"], sources_file=str(demo_sources_file), kind="manual")
    assert demo_site.requested(broken) == 3
    with engine.begin() as conn:
        conn.execute(update(Failure).values(last_seen_at=datetime.now(UTC) - timedelta(days=1)))
    ingest(sources=["demo"], sources_file=str(demo_sources_file), kind="manual")
    assert demo_site.requested(broken) == 4
    with engine.connect() as conn:
        open_fetch = conn.execute(
            select(Failure).where(Failure.stage == "fetch", Failure.resolved_at.is_(None))
        ).all()
    assert open_fetch == []
    assert count(engine, Article) == len(MANIFEST) - 1


def test_two_sources_in_one_run_each_crawl_in_their_own_process(
    engine: Engine, demo_site: DemoSite, demo_source: Source, tmp_path: Path
) -> None:
    second = demo_source.model_copy(update={"slug": "demo-feed", "sitemaps": [], "listings": []})
    sources_file = write_sources(tmp_path / "two.yaml", demo_source, second)
    summaries = ingest(sources=["demo", "demo-feed"], sources_file=str(sources_file), kind="manual")
    assert [s["status"] for s in summaries] == ["completed", "completed"]
    assert summaries[1]["fetched"] == len([m for m in MANIFEST if m["in_feed"]])
    with engine.connect() as conn:
        assert conn.execute(select(func.count(func.distinct(Page.source)))).scalar_one() == 2
