"""Extraction under a time budget: pages go to a worker process that is killed when a page overruns.

Some pages (hundreds of thousands of attributes on one element, millions of tiny elements) keep lxml
and trafilatura busy for minutes; only a separate process can be stopped cleanly mid-parse.
"""

import contextlib
import queue
import select
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar, cast

from newsingest.contracts import ArticleRow
from newsingest.extract import ExtractedArticle
from newsingest.process.guards import RejectedPageError
from newsingest.process.job import PageFailure, PageJob, rejected
from newsingest.process.messages import receive, send
from newsingest.process.options import ProcessOptions

T = TypeVar("T")
R = TypeVar("R")
STARTUP_TIMEOUT_S = 120.0  # importing trafilatura and langdetect on a busy machine


class BoundedExtractor:
    """Runs extract_article in a worker process, at most timeout seconds per page."""

    def __init__(self, timeout: float) -> None:
        """Remember the budget; the worker starts on first use."""
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-m", "newsingest.process.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.process = process
        self._wait(process, STARTUP_TIMEOUT_S, "start")
        return process

    def warm(self) -> None:
        """Start the worker unless it is running; a worker that cannot start is started again on use."""
        if self.process is None or self.process.poll() is not None:
            with contextlib.suppress(RejectedPageError):
                self._start()

    def _wait(self, process: subprocess.Popen[bytes], timeout: float, what: str) -> Any:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            self.close(kill=True)
            raise RejectedPageError("Timeout", f"extraction did not {what} within {timeout:g} s")
        try:
            return receive(process.stdout)
        except EOFError:
            code = process.poll()
            self.close()
            raise RejectedPageError("WorkerCrashed", f"extraction worker died (exit code {code})") from None

    def _request(self, message: Any) -> Any:
        process = self.process if self.process and self.process.poll() is None else self._start()
        assert process.stdin is not None
        try:
            send(process.stdin, message)
        except BrokenPipeError:
            self.close()
            raise RejectedPageError("WorkerCrashed", "extraction worker died") from None
        reply = self._wait(process, self.timeout, "finish")
        if reply[0] == "ok":
            return reply[1]
        raise RejectedPageError(reply[1], reply[2])

    def extract(
        self, html: str, url: str | None, rules: Any, hint_published_at: datetime | None
    ) -> ExtractedArticle | None:
        """Return extract_article's result; raise RejectedPageError on a timeout, a crash or an error."""
        return cast(ExtractedArticle | None, self._request((html, url, rules, hint_published_at)))

    def run(self, job: PageJob) -> ArticleRow | PageFailure:
        """Return the stored page's loader row or failure; a timeout or a crash is a failure too."""
        try:
            return cast(ArticleRow | PageFailure, self._request(job))
        except RejectedPageError as exc:
            return rejected(exc)

    def close(self, kill: bool = False) -> None:
        """Stop the worker; kill it at once when it is stuck in a page."""
        process, self.process = self.process, None
        if process is None:
            return
        if kill:
            process.kill()
        if process.stdin:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout=0 if process.poll() is not None else 2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()

    def __enter__(self) -> "BoundedExtractor":
        """Use as a context manager: the worker stops on exit."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop the worker."""
        self.close()


class ExtractorPool:
    """Several BoundedExtractors used from threads: pages are extracted in parallel processes."""

    def __init__(self, timeout: float, size: int) -> None:
        """Make size extractors (their worker processes start on first use)."""
        self.size = max(1, size)
        # Last in, first out: the extractor used (or started) last is taken first, so a single page goes to
        # a worker that is running rather than starting another.
        self._idle: queue.LifoQueue[BoundedExtractor] = queue.LifoQueue()
        self._all = [BoundedExtractor(timeout) for _ in range(self.size)]
        for extractor in self._all:
            self._idle.put(extractor)
        self._threads: ThreadPoolExecutor | None = None

    def extract(
        self, html: str, url: str | None, rules: Any, hint_published_at: datetime | None
    ) -> ExtractedArticle | None:
        """Extract with whichever worker is idle (the calling thread waits on it, not on the GIL)."""
        extractor = self._idle.get()
        try:
            return extractor.extract(html, url, rules, hint_published_at)
        finally:
            self._idle.put(extractor)

    def run(self, job: PageJob) -> ArticleRow | PageFailure:
        """Run a stored page's job with whichever worker is idle."""
        extractor = self._idle.get()
        try:
            return extractor.run(job)
        finally:
            self._idle.put(extractor)

    def start(self, count: int | None = None) -> list["Future[None]"]:
        """Start count workers (default: all) in the background, so their imports overlap the caller's steps.

        The others start on first use.
        """
        return [self.submit(self._warm, None) for _ in range(min(self.size, count or self.size))]

    def _warm(self, _: None) -> None:
        extractor = self._idle.get()  # each warm-up holds its own extractor, so each starts a different one
        try:
            extractor.warm()
        finally:
            self._idle.put(extractor)

    def _executor(self) -> ThreadPoolExecutor:
        if self._threads is None:
            self._threads = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="extract")
        return self._threads

    def submit(self, function: Callable[[T], R], item: T) -> "Future[R]":
        """Start function(item) on one of size threads; calls queue in order behind each other."""
        return self._executor().submit(function, item)

    def map(self, function: Callable[[T], R], items: list[T]) -> list[R]:
        """Return [function(item) ...] in order, running up to size calls at once."""
        if self.size == 1 or len(items) <= 1:
            return [function(item) for item in items]
        return list(self._executor().map(function, items))

    def close(self) -> None:
        """Stop every worker (after the calls already running; queued ones are cancelled)."""
        threads, self._threads = self._threads, None
        if threads is not None:
            threads.shutdown(wait=True, cancel_futures=True)
        for extractor in self._all:
            extractor.close()

    def __enter__(self) -> "ExtractorPool":
        """Use as a context manager: the workers stop on exit."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop the workers."""
        self.close()


def extractor_pool(options: ProcessOptions) -> ExtractorPool:
    """Return a pool sized and timed by options."""
    return ExtractorPool(options.extract_timeout, options.extract_workers)
