"""Two process workers on a Prefect server backed by PostgreSQL: a fanned-out backfill shares out, survives
a killed worker and overlapping ranges, and stores every article of the synthetic site exactly once."""

import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import yaml
from bench.workpool import ROOT, LocalPool
from sqlalchemy import create_engine, func, select

from newsingest.db.tables import crawl_runs, pages
from sitegen import SyntheticSite
from tests.scale.conftest import (
    SINCE,
    SPEC,
    UNTIL,
    WORKERS,
    chunk_runs,
    finish,
    fresh_store,
    start_backfill,
    submitted_by,
    wait_for,
)
from tests.scale.store import snapshot

pytestmark = [pytest.mark.scale, pytest.mark.postgres]
CHUNKS = 5  # 20 days in chunks of 4


@dataclass(frozen=True)
class Backfill:
    """One fanned-out backfill on two workers: its chunk runs, who took each, and the store it left."""

    runs: list[Any]
    workers: dict[UUID, str]
    store: dict[str, Any]


@pytest.fixture(scope="module")
def reference(pool: LocalPool, sources_file: Path) -> Backfill:
    """The whole range backfilled once, fanned out over two workers: the store every scenario must match."""
    fresh_store(pool)
    started = datetime.now(UTC)
    for name in WORKERS:
        pool.start_worker(name, limit=1)
    try:
        finish(pool, start_backfill(pool, sources_file, "reference"), "reference")
    finally:
        for name in WORKERS:
            pool.stop_worker(name)
    return Backfill(chunk_runs(pool, started), submitted_by(pool, started), snapshot(pool.store_url))


def test_chunks_spread_over_both_workers_and_each_article_is_stored_once(
    reference: Backfill, site: SyntheticSite
) -> None:
    assert len(reference.runs) == CHUNKS
    assert all(run.state.is_completed() for run in reference.runs)
    # Prefect records which worker took a run in its `prefect.worker.submitted-flow-run` event.
    assert {reference.workers[run.id] for run in reference.runs} == set(WORKERS)
    urls = {site.article_url(i) for i in range(SPEC.n_articles)}
    store = reference.store
    assert store["articles"] == len(store["by_url"]) == len(urls) == 2000
    assert set(store["by_url"]) == urls
    assert store["page_urls"] == len(urls) and store["unprocessed"] == 0
    assert store["versions"] == 0 and store["failures"] == []


def test_two_overlapping_backfills_on_two_workers_leave_the_store_one_backfill_leaves(
    workers: LocalPool, sources_file: Path, reference: Backfill
) -> None:
    # 1-12 and 9-20 January at once: the four shared days are backfilled by both.
    first = start_backfill(workers, sources_file, "first-half", since=SINCE, until="2022-01-12")
    second = start_backfill(workers, sources_file, "second-half", since="2022-01-09", until=UNTIL)
    finish(workers, first, "first-half")
    finish(workers, second, "second-half")
    assert snapshot(workers.store_url) == reference.store


def test_a_chunk_whose_worker_is_killed_crashes_and_runs_again_on_the_other_worker(
    workers: LocalPool, sources_file: Path, reference: Backfill
) -> None:
    install_heartbeat_automation(workers)
    started = datetime.now(UTC)
    backfill = start_backfill(workers, sources_file, "killed")
    victim = wait_for("a chunk run that has stored articles", lambda: loading_chunk(workers, started))
    worker = workers.worker_of_pid(int(str(victim.infrastructure_pid).rpartition(":")[2]))
    assert worker in WORKERS
    workers.kill_worker(worker)  # SIGKILL to the worker and every process under it, the chunk's too
    finish(workers, backfill, "killed")

    runs = chunk_runs(workers, started)
    by_worker = submitted_by(workers, started)
    killed = next(run for run in runs if run.id == victim.id)
    assert killed.state.is_crashed(), killed.state
    again = [run for run in runs if run.name == victim.name and run.id != victim.id]
    assert [run.state.is_completed() for run in again] == [True]
    (survivor,) = set(WORKERS) - {worker}
    assert by_worker[again[0].id] == survivor
    assert all(run.state.is_final() for run in runs)  # none left Running
    assert len({run.name for run in runs}) == CHUNKS
    # The killed chunk's crawl run is on record as interrupted; otherwise the store is the reference's.
    store = snapshot(workers.store_url)
    assert store["failures"] == [("crawl", "Interrupted", str(victim.id))]
    assert {**store, "failures": []} == reference.store


def install_heartbeat_automation(pool: LocalPool) -> None:
    """Create deploy/automations.yaml's heartbeat automation as shipped (the alert one needs a block)."""
    shipped = yaml.safe_load((ROOT / "deploy" / "automations.yaml").read_text(encoding="utf-8"))
    (crash,) = [a for a in shipped["automations"] if a["actions"][0]["type"] == "change-flow-run-state"]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as file:
        yaml.safe_dump({"automations": [crash]}, file)
    try:
        pool.run([sys.executable, "-m", "prefect", "automation", "create", "--from-file", file.name])
    finally:
        Path(file.name).unlink()


def loading_chunk(pool: LocalPool, since: datetime) -> Any:
    """Return a Running chunk run whose crawl run has stored and processed pages, or None."""
    running = [r for r in chunk_runs(pool, since) if r.state.is_running() and r.infrastructure_pid]
    if not running:
        return None
    engine = create_engine(pool.store_url)
    try:
        with engine.connect() as conn:
            loaded = dict(
                conn.execute(
                    select(crawl_runs.c.flow_run_id, func.count(pages.c.id))
                    .join(pages, pages.c.run_id == crawl_runs.c.id)
                    .where(pages.c.processed_at.is_not(None))
                    .group_by(crawl_runs.c.flow_run_id)
                ).all()
            )
    finally:
        engine.dispose()
    return next((run for run in running if loaded.get(str(run.id), 0) > 0), None)
