"""Backfill, incremental runs and reprocess against the synthetic site: what is fetched, and how often."""

import re
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from tests.conftest import ON_SQLITE, write_sources

from newsingest.crawl.runner import active_crawls
from newsingest.db.models import Article, ArticleVersion, CrawlRun
from newsingest.orchestration.backfill import backfill
from newsingest.orchestration.ingest import ingest
from newsingest.orchestration.reprocess import reprocess
from newsingest.sources import CleaningRules, Source
from sitegen import SiteSpec, SyntheticSite
from sitegen.source import synthetic_source

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
MARCH = (date(2022, 3, 1), date(2022, 3, 31))


@pytest.fixture
def site() -> "SyntheticSite":
    spec = SiteSpec(300, seed=11, start=date(2022, 1, 1), end=date(2022, 6, 30))
    with SyntheticSite(spec) as running:
        yield running


def site_source(site: SyntheticSite, **changes: object) -> Source:
    """The synthetic site as a source: feed, sitemap index, news sitemap and the paginated archive."""
    source = synthetic_source(site.base_url, archive=True)
    return source.model_copy(update=changes)


def month_paths(site: SyntheticSite, year: int, month: int) -> set[str]:
    view = site.view()
    return {urlsplit(site.article_url(i)).path for i in view.month_ids(year, month)}


def fetched_paths(site: SyntheticSite) -> list[str]:
    return [urlsplit(site.url(r.target)).path for r in site.article_fetches()]


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


@ON_SQLITE
def test_backfill_of_one_month_fetches_exactly_that_month_and_a_rerun_fetches_nothing(
    engine: Engine, site: SyntheticSite, tmp_path: Path
) -> None:
    sources_file = str(write_sources(tmp_path / "sources.yaml", site_source(site)))
    expected = month_paths(site, 2022, 3)
    assert 30 <= len(expected) <= 80
    [summary] = backfill(
        sources=["synthetic"], since=MARCH[0], until=MARCH[1], sources_file=sources_file, chunk_size=20
    )
    assert summary["status"] == "completed"
    fetched = fetched_paths(site)
    assert sorted(fetched) == sorted(expected)  # each page of March once, nothing else
    assert count(engine, Article) == len(expected) and summary["undated"] == 0
    with Session(engine) as session:
        dates = session.scalars(select(Article.published_at)).all()
        run = session.scalars(select(CrawlRun)).one()
    assert all(d is not None and d.utcoffset() is not None for d in dates)
    assert run.kind == "backfill" and run.fetched == len(expected)

    site.clear_log()
    [again] = backfill(
        sources=["synthetic"], since=MARCH[0], until=MARCH[1], sources_file=sources_file, chunk_size=20
    )
    assert again["status"] == "completed" and fetched_paths(site) == []
    assert again["skipped_known"] == len(expected) and count(engine, Article) == len(expected)


def test_interrupted_backfill_resumes_and_fetches_each_page_once(
    engine: Engine, site: SyntheticSite, tmp_path: Path
) -> None:
    sources_file = str(write_sources(tmp_path / "sources.yaml", site_source(site)))
    expected = month_paths(site, 2022, 3)

    def interrupt() -> None:
        # Stop the crawl subprocess (as a cancelled or rescheduled worker would) part-way through.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(site.article_fetches()) < 15:
            time.sleep(0.02)
        for process in active_crawls():
            process.terminate()

    killer = threading.Thread(target=interrupt)
    killer.start()
    state = backfill(
        sources=["synthetic"],
        since=MARCH[0],
        until=MARCH[1],
        sources_file=sources_file,
        chunk_size=100,
        return_state=True,
    )
    killer.join()
    assert state.is_failed()
    first = fetched_paths(site)
    assert 15 <= len(first) < len(expected)

    [summary] = backfill(sources=["synthetic"], since=MARCH[0], until=MARCH[1], sources_file=sources_file)
    assert summary["status"] == "completed"
    everything = fetched_paths(site)
    assert sorted(everything) == sorted(expected)  # resumed: every page once in total
    assert count(engine, Article) == len(expected)


@ON_SQLITE
def test_incremental_run_feed_304_fetches_no_article(
    engine: Engine, site: SyntheticSite, tmp_path: Path
) -> None:
    source = site_source(site, sitemaps=[], listings=[])
    sources_file = str(write_sources(tmp_path / "sources.yaml", source))
    [first] = ingest(sources=["synthetic"], sources_file=sources_file, kind="manual")
    assert first["fetched"] == 50 and first["new"] + first["duplicates"] == 50
    site.clear_log()
    [second] = ingest(sources=["synthetic"], sources_file=sources_file, kind="manual")
    assert second["not_modified"] == 1 and second["fetched"] == 0
    assert fetched_paths(site) == []
    assert [r.status for r in site.requests_for(r"^/feed\.xml")] == [304]

    new_ids = site.add_articles(3)
    site.clear_log()
    [third] = ingest(sources=["synthetic"], sources_file=sources_file, kind="manual")
    assert sorted(fetched_paths(site)) == sorted(urlsplit(site.article_url(i)).path for i in new_ids)
    assert third["new"] + third["duplicates"] == 3 and third["skipped_known"] == 47


@ON_SQLITE
def test_reprocess_after_a_rule_change_updates_text_without_http(
    engine: Engine, site: SyntheticSite, tmp_path: Path
) -> None:
    source = site_source(site, sitemaps=[], listings=[])
    sources_file = write_sources(tmp_path / "sources.yaml", source)
    ingest(sources=["synthetic"], sources_file=str(sources_file), kind="manual")
    with Session(engine) as session:
        before = {a.url: a.text for a in session.scalars(select(Article))}
    # A new per-source rule: drop the first paragraph of one article.
    first_lines = {text.split("\n")[0] for text in before.values()}
    target = sorted(first_lines)[0]
    rules = CleaningRules(drop_line_patterns=["^" + re.escape(target[:40])])
    write_sources(sources_file, source.model_copy(update={"rules": rules}))
    site.clear_log()
    [summary] = reprocess(sources=["synthetic"], sources_file=str(sources_file))
    assert site.log.rows() == []  # no network at all
    assert summary["updated"] >= 1 and summary["processed"] == len(before)
    with Session(engine) as session:
        after = {a.url: a.text for a in session.scalars(select(Article))}
        versions = session.scalars(select(ArticleVersion)).all()
    changed = [url for url in before if before[url] != after[url]]
    assert len(changed) == summary["updated"] == len(versions)
    assert all(not after[url].startswith(target[:40]) for url in changed)
    assert {v.text for v in versions} == {before[url] for url in changed}
