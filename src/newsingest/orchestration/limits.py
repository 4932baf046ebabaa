"""Global concurrency limits: one ingest per source, one SQLite writer, bounded crawls per domain.

Prefect silently skips a limit that does not exist, so `newsingest setup` creates them and every flow
run makes sure the ones it uses exist before taking a slot.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from newsingest.sources import Source

SQLITE_WRITER = "newsingest-sqlite-writer"
CRAWLS_PER_DOMAIN = 2  # parallel crawl subprocesses on one site, across all runs
# Slots are leased: a holder renews its lease while it runs (every 3/4 of it), and the slots of a process
# that was killed go back when the lease runs out. Prefect's default: short enough that a run killed with
# SIGKILL does not hold up the next run of its source for long, long enough to ride out a slow API.
LEASE_S = 300


def ingest_limit(source: Source) -> str:
    """Return the limit that keeps a source's runs from overlapping."""
    return f"newsingest-source-{source.slug}"


def domain_limit(source: Source) -> str:
    """Return the limit bounding crawls of the source's domain across runs."""
    return "newsingest-domain-" + "".join(c if c.isalnum() else "-" for c in source.domain.lower())


def wanted_limits(sources: Iterable[Source]) -> dict[str, int]:
    """Return {limit name: slots} the given sources need."""
    limits = {SQLITE_WRITER: 1}
    for source in sources:
        limits[ingest_limit(source)] = 1
        limits[domain_limit(source)] = CRAWLS_PER_DOMAIN
    return limits


def ensure_limits(sources: Iterable[Source]) -> list[str]:
    """Create the missing limits of sources; return the names created."""
    created = []
    with get_client(sync_client=True) as client:
        for name, slots in wanted_limits(sources).items():
            try:
                client.read_global_concurrency_limit_by_name(name)
            except ObjectNotFound:
                try:
                    client.create_global_concurrency_limit(
                        GlobalConcurrencyLimitCreate(name=name, limit=slots)
                    )
                except ObjectAlreadyExists:  # another run created it between our read and our create
                    continue
                created.append(name)
    return created


@contextmanager
def source_run_slot(source: Source) -> Iterator[None]:
    """Hold the source's run slot: a second run of the same source waits here."""
    with concurrency(ingest_limit(source), occupy=1, strict=True, lease_duration=LEASE_S):
        yield


@contextmanager
def crawl_slot(source: Source, sqlite: bool) -> Iterator[None]:
    """Hold one of the domain's crawl slots (and the writer slot when on SQLite)."""
    # Both in one request, one lease: taken together or not at all (no domain slot held while waiting for
    # the writer), and released in one call; two leases cost a run about a second of API calls and waits.
    names = [domain_limit(source), *([SQLITE_WRITER] if sqlite else [])]
    with concurrency(names, occupy=1, strict=True, lease_duration=LEASE_S):
        yield


@contextmanager
def writer_slot(sqlite: bool) -> Iterator[None]:
    """Hold the writer slot while loading on SQLite (a no-op on PostgreSQL)."""
    if not sqlite:
        yield
        return
    with concurrency(SQLITE_WRITER, occupy=1, strict=True, lease_duration=LEASE_S):
        yield
