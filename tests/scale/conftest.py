"""A Prefect server on PostgreSQL, process workers and the synthetic site, started by the scale tests."""

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from bench.workpool import LocalPool

from sitegen import SiteSpec, SyntheticSite
from sitegen.source import synthetic_source
from tests.conftest import REQUIRE_POSTGRES, _postgres_available, write_sources

# About 2,000 articles over 20 days: five chunk runs of four days, a few hundred articles each.
SPEC = SiteSpec(2000, seed=1, start=date(2022, 1, 1), end=date(2022, 1, 20))
SINCE, UNTIL = "2022-01-01", "2022-01-20"
FAN_OUT_DAYS = 4
WORKERS = ("w1", "w2")
BACKFILL_TIMEOUT = 1500
# Named per test process: two checkouts running these tests on one PostgreSQL server must not share them.
PREFECT_DATABASE = f"newsingest_prefect_test_{os.getpid()}"
STORE_DATABASE = f"newsingest_scale_test_{os.getpid()}"


@pytest.fixture(scope="module")
def site() -> Iterator[SyntheticSite]:
    """The synthetic site on 127.0.0.1, without a request log (a few thousand requests per test)."""
    with SyntheticSite(SPEC, log_requests=False) as served:
        yield served


@pytest.fixture(scope="module")
def sources_file(site: SyntheticSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sources.yaml holding the synthetic source, readable by every worker (same machine)."""
    source = synthetic_source(site.base_url, max_pages=10 * SPEC.n_articles)
    return write_sources(tmp_path_factory.mktemp("scale") / "sources.yaml", source)


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPool]:
    """The server on its own PostgreSQL database, pool, limits and deployments; no worker yet."""
    problem = _postgres_available()
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required here but unreachable: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    home = tmp_path_factory.mktemp("prefect-pool")
    with LocalPool(home, prefect_database=PREFECT_DATABASE, store_database=STORE_DATABASE) as started:
        yield started


def fresh_store(pool: LocalPool) -> None:
    """Empty the article store: drop it, create it again and migrate it to head."""
    from bench.workpool import recreate_database

    recreate_database(pool.postgres, STORE_DATABASE)
    pool.run([sys.executable, "-m", "newsingest", "db", "upgrade"])


@pytest.fixture
def workers(pool: LocalPool) -> Iterator[LocalPool]:
    """An empty article store and two process workers taking one flow run at a time each."""
    fresh_store(pool)
    for name in WORKERS:
        pool.start_worker(name, limit=1)
    try:
        yield pool
    finally:
        for name in list(pool.workers):
            pool.stop_worker(name)


def backfill_command(sources_file: Path, since: str = SINCE, until: str = UNTIL) -> list[str]:
    """The fanned-out backfill as an operator types it: the parent runs here, the chunks on the pool."""
    return [
        *(sys.executable, "-m", "newsingest", "backfill", "--source", "synthetic"),
        *("--since", since, "--until", until, "--fan-out", str(FAN_OUT_DAYS)),
        *("--sources-file", str(sources_file)),
    ]


def start_backfill(pool: LocalPool, sources_file: Path, name: str, **days: str) -> subprocess.Popen[bytes]:
    """Start a fanned-out backfill in a process of its own; its output goes to name.log in the pool's home."""
    with (pool.home / f"{name}.log").open("ab") as log:
        return subprocess.Popen(
            backfill_command(sources_file, **days),
            env=pool.env,
            cwd=Path(__file__).parents[2],
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def finish(pool: LocalPool, backfill: subprocess.Popen[bytes], name: str) -> None:
    """Wait for a backfill process; fail with its log when it does not exit 0."""
    try:
        code = backfill.wait(timeout=BACKFILL_TIMEOUT)
    except subprocess.TimeoutExpired:
        backfill.kill()
        code = backfill.wait()
    assert code == 0, f"backfill exited {code}:\n{pool.log(name)}\n{pool.log('w1')}\n{pool.log('w2')}"


def chunk_runs(pool: LocalPool, since: datetime) -> list[Any]:
    """Return the backfill-chunk flow runs created since then, oldest first."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    async def read() -> list[Any]:
        async with get_client() as client:
            return list(
                await client.read_flow_runs(
                    flow_filter=FlowFilter(name=FlowFilterName(any_=["backfill-chunk"]))
                )
            )

    with pool.settings():
        runs = asyncio.run(read())
    return sorted((r for r in runs if r.created is not None and r.created >= since), key=lambda r: r.created)


def submitted_by(pool: LocalPool, since: datetime) -> dict[UUID, str]:
    """Return {flow run id: worker name} from the server's `prefect.worker.submitted-flow-run` events."""
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter

    async def read() -> dict[UUID, str]:
        found: dict[UUID, str] = {}
        event_filter = EventFilter(
            event=EventNameFilter(name=["prefect.worker.submitted-flow-run"]),
            occurred=EventOccurredFilter(since=since, until=datetime.now(UTC)),
        )
        async with get_client() as client:
            page = await client.read_events(filter=event_filter, limit=50)
            while True:
                for event in page.events:
                    for related in event.related:
                        if related.role == "flow-run":
                            found[UUID(related.id.removeprefix("prefect.flow-run."))] = (
                                event.resource.name or ""
                            )
                if page.next_page is None:
                    return found
                page = await client.read_events_page(str(page.next_page))

    with pool.settings():
        return asyncio.run(read())


def wait_for(what: str, check: Any, seconds: float = 600, every: float = 1.0) -> Any:
    """Poll check() until it returns something true; return it, or fail naming what was awaited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    pytest.fail(f"gave up waiting {seconds:.0f} s for {what}")
