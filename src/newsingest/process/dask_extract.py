"""Extraction on a Dask cluster through prefect-dask's DaskTaskRunner, for very large reprocess batches.

Each batch of pages goes to the cluster as one Prefect task per Dask worker thread (a task has a fixed cost
of its own: fewer, larger tasks keep it small). On every Dask worker a BoundedExtractor keeps the per-page
time budget, so a page that hangs lxml kills that extraction process, not the Dask worker.
Without an address the runner starts a LocalCluster of extract_workers one-thread processes for the run
and stops it after; with one it joins that scheduler, which outlives the run and serves the next ones.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from prefect import task

from newsingest.contracts import ArticleRow
from newsingest.process.bounded import BoundedExtractor, ExtractorPool
from newsingest.process.job import PageFailure, PageJob
from newsingest.process.options import ProcessOptions

T = TypeVar("T")
R = TypeVar("R")
_local = threading.local()  # one extraction process per thread of each Dask worker, kept between tasks


def _bounded(timeout: float) -> BoundedExtractor:
    extractor: BoundedExtractor | None = getattr(_local, "extractor", None)
    if extractor is None or extractor.timeout != timeout:
        if extractor is not None:
            extractor.close()
        extractor = BoundedExtractor(timeout)
        _local.extractor = extractor
    return extractor


@task(name="extract-pages")
def extract_pages(jobs: list[PageJob], timeout: float) -> list[ArticleRow | PageFailure]:
    """Turn stored pages into loader rows or failures on this Dask worker, each under the time budget."""
    extractor = _bounded(timeout)
    return [extractor.run(job) for job in jobs]


class DaskExtractor(ExtractorPool):
    """An ExtractorPool whose map of run sends the pages to a Dask cluster; anything else runs here."""

    def __init__(self, runner: Any, timeout: float, size: int) -> None:
        """Use runner, an entered DaskTaskRunner; size local extractors serve calls that are not run."""
        super().__init__(timeout, size)
        self.runner = runner
        self.timeout = timeout
        workers = runner.client.scheduler_info()["workers"].values()
        self.threads = max(1, sum(int(worker["nthreads"]) for worker in workers))

    def map(self, function: Callable[[T], R], items: list[T]) -> list[R]:
        """Return [function(item) ...] in order; extraction jobs (function is run) go to the cluster."""
        if function != self.run:
            return super().map(function, items)
        step = max(1, -(-len(items) // self.threads))  # one slice per worker thread
        futures = [
            self.runner.submit(extract_pages, {"jobs": items[i : i + step], "timeout": self.timeout})
            for i in range(0, len(items), step)
        ]
        return [row for future in futures for row in future.result()]


def dask_runner(address: str, options: ProcessOptions) -> Any:
    """Return a DaskTaskRunner on the scheduler at address, or on a LocalCluster of its own when empty."""
    from prefect_dask.task_runners import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": options.extract_workers,
            "threads_per_worker": 1,  # extraction is CPU-bound Python: processes, not threads
            "processes": True,
            "dashboard_address": None,  # no web server on a port nobody asked for
            "silence_logs": logging.WARNING,
            # The workers report their task runs to this run's API; without its address each would start
            # a temporary Prefect server of its own (tens of seconds, and runs nobody sees).
            "env": {"PREFECT_API_URL": _api_url()},
        },
    )


def _api_url() -> str:
    """Return the address of the Prefect API this process talks to (a temporary server's too)."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return str(client.api_url)


@contextmanager
def dask_extractor(address: str, options: ProcessOptions) -> Iterator[DaskExtractor]:
    """Yield an extractor on the cluster at address (empty: a LocalCluster for this block)."""
    with dask_runner(address, options) as runner:
        extractor = DaskExtractor(runner, options.extract_timeout, 1)
        try:
            yield extractor
        finally:
            extractor.close()
