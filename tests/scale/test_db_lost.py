"""A worker that loses the article database mid-chunk: its chunks retry, then fail loudly; the fanned-out
backfill fails naming them, and run again once the database is back, it stores every article once."""

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bench.workpool import LocalPool
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from newsingest.db.tables import crawl_runs
from sitegen import SyntheticSite
from tests.faults.dbproxy import DatabaseProxy
from tests.scale.conftest import BACKFILL_TIMEOUT, SPEC, chunk_runs, fresh_store, start_backfill, wait_for
from tests.scale.store import snapshot
from tests.scale.test_workers import CHUNKS, loading_chunk

pytestmark = [pytest.mark.scale, pytest.mark.postgres]
WORKER = "w-lost"
PASSWORD = "not-the-real-one"  # trust authentication ignores it; no log may show it
# Short retries: the test waits for them to run out, not for minutes of an outage.
RETRIES = {"NEWSINGEST_DB_RETRIES": "3", "NEWSINGEST_DB_RETRY_BACKOFF": "0.05"}


def run_states(pool: LocalPool) -> dict[str, int]:
    """Return how many crawl runs of the store are in each status."""
    engine = create_engine(pool.store_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(crawl_runs.c.status, func.count()).group_by(crawl_runs.c.status))
            return {status: n for status, n in rows}
    finally:
        engine.dispose()


def ended(backfill: subprocess.Popen[bytes]) -> int:
    """Wait for a backfill process and return its exit code (killed when it outlives the timeout)."""
    try:
        return backfill.wait(timeout=BACKFILL_TIMEOUT)
    except subprocess.TimeoutExpired:
        backfill.kill()
        backfill.wait()
        pytest.fail("the backfill hung after its worker lost the database")


def test_a_worker_that_loses_the_database_fails_its_chunks_loudly_and_the_rerun_stores_each_article_once(
    pool: LocalPool, sources_file: Path, site: SyntheticSite
) -> None:
    fresh_store(pool)
    store = make_url(pool.store_url)
    with DatabaseProxy((store.host or "127.0.0.1", store.port or 5432)) as proxy:
        through = store.set(port=proxy.port, password=PASSWORD)
        env = {"NEWSINGEST_DATABASE_URL": through.render_as_string(hide_password=False), **RETRIES}
        pool.start_worker(WORKER, limit=1, env=env)  # the parent, here, keeps its own way to the database
        try:
            started = datetime.now(UTC)
            backfill = start_backfill(pool, sources_file, "lost-backfill")
            victim = wait_for("a chunk run that has stored articles", lambda: loading_chunk(pool, started))
            proxy.cut()
            code = ended(backfill)
            parent, worker = [(pool.home / f"{name}.log").read_text() for name in ("lost-backfill", WORKER)]
            runs = chunk_runs(pool, started)
            after_failure = run_states(pool)

            proxy.restore()
            rerun = start_backfill(pool, sources_file, "after-outage")
            again = ended(rerun)
        finally:
            pool.stop_worker(WORKER)

    assert code == 1, parent
    assert len(runs) == CHUNKS and all(run.state.is_failed() for run in runs), [r.state for r in runs]
    # The parent closed the chunks' crawl runs their worker could not: none is left running.
    assert "running" not in after_failure, after_failure
    assert PASSWORD not in parent + worker
    assert "retry 1 of 3" in worker  # each try logged, with what it was doing
    # Each chunk failed with what it was doing and the database it could not reach, password masked; the
    # parent names them all.
    address = through.render_as_string(hide_password=True)
    assert all(f"database {address} unreachable through 3 retries" in run.state.message for run in runs)
    lost = next(run for run in runs if run.id == victim.id)
    assert re.search(r"(reading synthetic's pages|loading a batch of synthetic) failed", lost.state.message)
    [verdict] = [line for line in parent.splitlines() if line.startswith("newsingest: backfill run Failed")]
    assert "backfill chunks did not complete" in verdict
    assert verdict.count(f"database {address} unreachable through 3 retries") == CHUNKS, verdict

    assert again == 0, pool.log("after-outage")
    urls = {site.article_url(i) for i in range(SPEC.n_articles)}
    after = snapshot(pool.store_url)
    assert after["articles"] == len(after["by_url"]) == len(urls) and set(after["by_url"]) == urls
    assert after["unprocessed"] == 0 and after["versions"] == 0
    assert "running" not in run_states(pool)
