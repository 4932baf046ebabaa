"""Database and orchestration faults: outages, killed connections and loaders, races, retries, re-runs.

The database is the subject here, so these run on both, except a killed server connection (PostgreSQL
has one, SQLite does not) and a task that raises (Prefect's retries, whatever the database).
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Connection, Engine, create_engine, select, text
from sqlalchemy.exc import OperationalError

from newsingest.config import get_settings
from newsingest.db.models import Article, ArticleVersion, CrawlRun, Failure, Page, Story
from newsingest.extract import EXTRACTOR_VERSION
from newsingest.orchestration import tasks
from newsingest.process import pages as pages_module
from newsingest.process.bounded import BoundedExtractor
from newsingest.process.job import PageFailure, job_of
from newsingest.process.options import ProcessOptions
from tests.conftest import ON_POSTGRESQL, ON_SQLITE, write_sources
from tests.faults.server import FaultServer
from tests.faults.site import (
    articles,
    count,
    crawl_only,
    failures,
    fault_source,
    page,
    rss,
    run_ingest,
    serve_articles,
    summary_of,
    unprocessed,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
SLUGS = [f"story-{i:02d}" for i in range(12)]


def dead_engine(database_url: str, tmp_path: Path) -> Engine:
    """Return an engine whose database is unreachable (refused port, or an unopenable SQLite path)."""
    if database_url.startswith("postgresql"):
        return create_engine("postgresql+psycopg://postgres@127.0.0.1:1/down")
    return create_engine(f"sqlite:///{tmp_path}/no-such-dir/down.db")


def test_db_down_at_load_time_pages_kept_and_loaded_next_run(
    engine: Engine, database_url: str, server: FaultServer, tmp_path: Path
) -> None:
    serve_articles(server, SLUGS[:5])
    source = fault_source(server)
    down = dead_engine(database_url, tmp_path)
    calls: list[int] = []
    with (
        pytest.MonkeyPatch.context() as outage
    ):  # only the outage is undone afterwards, not the test's database
        outage.setattr(tasks, "get_engine", lambda: calls.append(1) or down)
        state = run_ingest(tmp_path, source)
    assert state.is_failed()
    assert len(calls) == 3  # the task and its two retries, each retrying its transaction with backoff
    assert (unprocessed(engine), count(engine, Article)) == (5, 0)  # raw pages kept
    with engine.connect() as conn:
        assert conn.execute(select(CrawlRun.status)).scalar_one() == "failed"

    summary = summary_of(run_ingest(tmp_path, source))
    assert summary["new"] == 5 and unprocessed(engine) == 0  # nothing lost


@ON_POSTGRESQL
def test_db_connection_killed_mid_batch(
    engine: Engine, server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_articles(server, SLUGS[:6])
    original = pages_module.load_articles
    killed: list[int] = []

    def load_then_kill(conn: Connection, rows: Any) -> Any:
        if not killed:
            pid = conn.execute(text("select pg_backend_pid()")).scalar_one()
            original(conn, rows)  # half the batch's work done in the transaction...
            admin = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            with psycopg.connect(admin, autocommit=True) as other:
                other.execute("select pg_terminate_backend(%s)", (pid,))
            killed.append(pid)
        return original(conn, rows)  # ...and the next statement meets a dead connection

    monkeypatch.setattr(pages_module, "load_articles", load_then_kill)
    summary = summary_of(run_ingest(tmp_path, fault_source(server)))
    assert killed and summary["new"] == 6
    assert count(engine, Article) == 6 and unprocessed(engine) == 0 and failures(engine) == {}


def test_db_same_url_twice_in_one_batch(engine: Engine, server: FaultServer, tmp_path: Path) -> None:
    paths = serve_articles(server, ["budget-vote", "budget-vote-amp"])
    canonical = f"<link rel='canonical' href='{server.url(paths[0])}'>"
    for path in paths:
        server.routes[path] = page("budget-vote", extra=canonical)
    summary = summary_of(run_ingest(tmp_path, fault_source(server)))
    assert count(engine, Page) == 2 and unprocessed(engine) == 0
    assert list(articles(engine, server.base_url)) == [paths[0]]
    assert summary["new"] == 1 and failures(engine) == {}


def test_db_two_loaders_upsert_the_same_urls_concurrently(
    engine: Engine, database_url: str, server: FaultServer, tmp_path: Path
) -> None:
    serve_articles(server, SLUGS)
    source = fault_source(server)
    crawl_only(source, database_url)
    sources_file = write_sources(tmp_path / "sources.yaml", source)
    command = [sys.executable, "-m", "tests.faults.loader", str(sources_file), source.slug]
    loaders = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [loader.communicate(timeout=180) for loader in loaders]
    for loader, (_out, err) in zip(loaders, outputs, strict=True):
        assert loader.returncode == 0, err
        assert "IntegrityError" not in err and "database is locked" not in err
    assert count(engine, Article) == len(SLUGS) and unprocessed(engine) == 0
    with engine.connect() as conn:
        assert len(conn.execute(select(Article.url).distinct()).all()) == len(SLUGS)


def test_db_loader_killed_mid_batch_then_rerun(
    engine: Engine, database_url: str, server: FaultServer, tmp_path: Path
) -> None:
    serve_articles(server, SLUGS)
    source = fault_source(server)
    crawl_only(source, database_url)
    sources_file = write_sources(tmp_path / "sources.yaml", source)
    marker = tmp_path / "holding"
    command = [
        sys.executable,
        "-m",
        "tests.faults.loader",
        str(sources_file),
        source.slug,
        "--hold",
        str(marker),
    ]
    loader = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    # Wait on a file: it says the loader is inside its second batch's transaction, which a query cannot.
    while not marker.exists() and loader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the loader never reached its second batch"
    os.kill(loader.pid, signal.SIGKILL)
    loader.wait()
    assert 0 < unprocessed(engine) < len(SLUGS)

    options = replace(ProcessOptions.from_settings(get_settings()), batch_size=4)
    pages_module.process_pending(engine, source, None, options)
    with engine.connect() as conn:
        stored = dict(conn.execute(select(Article.url, Article.content_hash)).all())
        page_rows = conn.execute(select(*(Page.__table__.c[n] for n in pages_module.PAGE_COLUMNS))).all()
    with BoundedExtractor(get_settings().extract_timeout) as extractor:
        expected = {}
        for row in page_rows:
            loaded = extractor.run(job_of(row, source))
            assert not isinstance(loaded, PageFailure)
            expected[loaded.url] = loaded.content_hash
    assert stored == expected and count(engine, Article) == len(SLUGS)  # same rows, no duplicates
    assert count(engine, ArticleVersion) == 0 and unprocessed(engine) == 0
    with engine.connect() as conn:
        assert {v for (v,) in conn.execute(select(Article.extractor_version))} == {EXTRACTOR_VERSION}


@ON_SQLITE
def test_orchestration_task_raises_twice_then_succeeds(
    engine: Engine, server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_articles(server, SLUGS[:3])
    original = tasks.process_pending
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
        return original(*args, **kwargs)

    monkeypatch.setattr(tasks, "process_pending", flaky)
    summary = summary_of(run_ingest(tmp_path, fault_source(server)))
    assert len(calls) == 3 and summary["new"] == 3 and summary["status"] == "completed"


def snapshot(engine: Engine) -> dict[str, Any]:
    """Return the database's content without timestamps and run ids."""
    versions = count(engine, ArticleVersion)
    with engine.connect() as conn:
        return {
            "articles": sorted(
                conn.execute(
                    select(
                        Article.url,
                        Article.title,
                        Article.text,
                        Article.content_hash,
                        Article.fingerprint,
                        Article.language,
                        Article.published_at,
                        Article.duplicate_of_id,
                        Article.story_id,
                        Article.page_id,
                    )
                ).all()
            ),
            "versions": versions,
            "stories": sorted(conn.execute(select(Story.id, Story.title, Story.article_count)).all()),
            "pages": sorted(
                conn.execute(select(Page.id, Page.url, Page.body_hash, Page.processed_at.is_(None))).all()
            ),
            "failures": sorted(conn.execute(select(Failure.url, Failure.stage, Failure.error_class)).all()),
        }


def test_orchestration_flow_rerun_same_parameters_identical_database(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    paths = serve_articles(server, SLUGS[:4])
    server.routes["/news/copy.html"] = page(SLUGS[0])  # a syndicated copy: same text, its own URL
    server.routes["/feed.xml"] = rss([server.url(p) for p in [*paths, "/news/copy.html"]])
    source = fault_source(server)
    summary_of(run_ingest(tmp_path, source))
    first = snapshot(engine)
    again = summary_of(run_ingest(tmp_path, source))
    assert snapshot(engine) == first
    assert (again["new"], again["updated"], again["fetched"]) == (0, 0, 0)
