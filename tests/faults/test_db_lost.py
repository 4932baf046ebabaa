"""A backfill whose database goes away mid-run: it retries, then fails loudly; the re-run completes.

The database is reached through a proxy the test cuts (every connection closed, new ones refused) while
the run crawls and loads, as a worker sees its database host go down or the network split.
"""

import os
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from prefect.settings import get_current_settings
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from newsingest.db.models import Article, CrawlRun, Page
from sitegen import SiteSpec, SyntheticSite
from sitegen.source import synthetic_source
from tests.cli.helpers import SCRIPT, absolute_pythonpath
from tests.conftest import ON_POSTGRESQL, write_sources
from tests.faults.dbproxy import DatabaseProxy
from tests.faults.site import count

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

# 120 articles over three days, fetched ten URLs a crawl: the cut lands between a run's first and last page.
SPEC = SiteSpec(120, seed=7, start=date(2022, 1, 1), end=date(2022, 1, 3))
CUT_AFTER_PAGES = 30
PASSWORD = "not-the-real-one"  # trust authentication ignores it; the output must never show it
TIMEOUT = 600


@pytest.fixture
def site() -> Iterator[SyntheticSite]:
    """The synthetic site on 127.0.0.1."""
    with SyntheticSite(SPEC, log_requests=False) as served:
        yield served


def backfill(sources_file: Path, database_url: str, home: Path, log: Path) -> subprocess.Popen[str]:
    """Start `newsingest backfill` of the whole range against database_url, on the test's Prefect server."""
    env = {
        **os.environ,
        "NEWSINGEST_DATABASE_URL": database_url,
        "PREFECT_API_URL": str(get_current_settings().api.url),
        "PREFECT_HOME": str(home),
    }
    command = [
        *(str(SCRIPT), "backfill", "--source", "synthetic", "--since", "2022-01-01"),
        *("--until", "2022-01-03", "--chunk-size", "10", "--sources-file", str(sources_file)),
    ]
    with log.open("w") as out:
        return subprocess.Popen(
            command, env=absolute_pythonpath(env), stdout=out, stderr=subprocess.STDOUT, text=True
        )


def wait_until(what: str, check: Callable[[], bool], seconds: float = TIMEOUT) -> None:
    """Poll check() until it is true; fail naming what was awaited."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting {seconds:.0f} s for {what}")
        time.sleep(0.2)


@ON_POSTGRESQL
def test_db_lost_mid_backfill_retries_then_fails_loudly_and_the_rerun_completes(
    engine: Engine, database_url: str, site: SyntheticSite, tmp_path: Path
) -> None:
    sources_file = write_sources(
        tmp_path / "sources.yaml", synthetic_source(site.base_url, max_pages=10 * SPEC.n_articles)
    )
    upstream = make_url(database_url)
    with DatabaseProxy((upstream.host or "127.0.0.1", upstream.port or 5432)) as proxy:
        through = upstream.set(port=proxy.port, password=PASSWORD).render_as_string(hide_password=False)
        log = tmp_path / "first.log"
        first = backfill(sources_file, through, tmp_path / "prefect", log)
        wait_until(
            f"{CUT_AFTER_PAGES} stored pages",
            lambda: first.poll() is not None or count(engine, Page) >= CUT_AFTER_PAGES,
        )
        assert first.poll() is None, log.read_text()
        proxy.cut()
        try:
            code = first.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            first.kill()
            pytest.fail(f"the backfill hung after its database went away:\n{log.read_text()[-5000:]}")
        output = log.read_text()
        assert code == 1, output[-5000:]
        assert PASSWORD not in output
        # Each try is logged, with what it was doing and the driver's reason.
        assert re.search(r"synthetic's pages failed \(.*Connection refused\), retry 1 of 3", output)
        # The run's end names what failed, the database (password masked) and how long it was retried.
        [verdict] = [
            line for line in output.splitlines() if line.startswith("newsingest: backfill run Failed")
        ]
        address = make_url(through).render_as_string(hide_password=True)  # postgres:***@…
        assert f"database {address} unreachable through 3 retries" in verdict, verdict
        assert re.search(
            r"(reading synthetic's pages|loading a batch of synthetic|loading page \d+ of synthetic) failed",
            verdict,
        ), verdict
        assert "[SQL:" not in verdict

        proxy.restore()
        again = backfill(sources_file, through, tmp_path / "prefect", tmp_path / "again.log")
        assert again.wait(timeout=TIMEOUT) == 0, (tmp_path / "again.log").read_text()[-5000:]
    with engine.connect() as conn:
        urls = conn.execute(select(Article.url, func.count()).group_by(Article.url)).all()
        statuses = conn.execute(select(CrawlRun.status, func.count()).group_by(CrawlRun.status)).all()
    assert len(urls) == SPEC.n_articles and {n for _, n in urls} == {1}
    assert dict(statuses) == {"interrupted": 1, "completed": 1}


@ON_POSTGRESQL
def test_a_run_whose_database_is_gone_when_it_starts_retries_then_names_the_work_and_the_database(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The start of a run (the source registered, its run opened) is retried as a batch is, then named."""
    from prefect import flow

    from newsingest.config import get_settings
    from newsingest.db.engine import get_engine
    from newsingest.db.retry import DatabaseUnavailableError
    from newsingest.orchestration.ingest import ingest_source
    from newsingest.orchestration.run_options import RunOptions

    upstream = make_url(database_url)
    with DatabaseProxy((upstream.host or "127.0.0.1", upstream.port or 5432)) as proxy:
        through = upstream.set(port=proxy.port, password=PASSWORD).render_as_string(hide_password=False)
        monkeypatch.setenv("NEWSINGEST_DATABASE_URL", through)
        monkeypatch.setenv("NEWSINGEST_DB_RETRIES", "2")
        monkeypatch.setenv("NEWSINGEST_DB_RETRY_BACKOFF", "0.05")
        get_settings.cache_clear()
        get_engine.cache_clear()
        proxy.cut()
        source = synthetic_source("http://127.0.0.1:9/")
        options = RunOptions.from_settings(get_settings())

        @flow(name="start-without-database")
        def start() -> None:
            ingest_source(source, "manual", {}, options)

        with pytest.raises(DatabaseUnavailableError) as raised:
            start()
    message = str(raised.value)
    assert message.startswith("starting the manual run of synthetic failed: database "), message
    assert make_url(through).render_as_string(hide_password=True) in message
    assert "unreachable through 2 retries" in message and PASSWORD not in message
    get_settings.cache_clear()
    get_engine.cache_clear()
