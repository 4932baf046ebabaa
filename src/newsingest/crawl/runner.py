"""Run one source's crawl in a subprocess and relay its log lines and stats to the caller."""

import contextlib
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsingest import lifeline
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.progress_log import progress_message

LogSink = Callable[[str, str], None]  # (level name, message)
LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class CrawlError(RuntimeError):
    """The crawl subprocess failed or timed out."""


@dataclass(slots=True)
class CrawlOutcome:
    """Scrapy's final stats of a crawl."""

    stats: dict[str, Any]

    def counter(self, key: str) -> int:
        """Return one of newsingest's own counters (0 when absent)."""
        return int(self.stats.get(f"newsingest/{key}", 0))

    def failed_by_class(self) -> dict[str, int]:
        """Return fetch failures counted by stage and error class."""
        prefix = "newsingest/failed/"
        return {k.removeprefix(prefix): int(v) for k, v in self.stats.items() if k.startswith(prefix)}


def merge_outcomes(outcomes: list[CrawlOutcome]) -> CrawlOutcome:
    """Return one outcome whose newsingest counters are the sums of several crawls'."""
    merged: dict[str, Any] = {}
    for outcome in outcomes:
        for key, value in outcome.stats.items():
            if key.startswith("newsingest/") and isinstance(value, int):
                merged[key] = merged.get(key, 0) + value
            else:
                merged[key] = value
    return CrawlOutcome(merged)


def _level(line: str) -> str:
    # Scrapy's log format is "2024-01-01 00:00:00 [logger] LEVEL: message".
    head = line.split("] ", 1)[-1]
    for level in LEVELS:
        if head.startswith(level + ":"):
            return level
    return "INFO"


def _pump(stream: Any, sink: LogSink, tail: deque[str]) -> None:
    for raw in stream:
        line = raw.rstrip()
        if line:
            if progress_message(line) is None:  # a failed crawl's last lines explain it; progress does not
                tail.append(line)
            sink(_level(line), line)


_active: dict["subprocess.Popen[str]", int | None] = {}  # running crawl -> its crawl_runs id
_active_lock = threading.Lock()
TERMINATE_GRACE_S = 30.0  # Scrapy finishes in-flight requests and flushes stored pages on SIGTERM
# On an interrupt (Ctrl-C, SIGTERM, a cancelled flow run) the user waits: Scrapy gets this long to stop
# cleanly (pages already fetched are committed within the page store's max_delay), then SIGKILL.
INTERRUPT_GRACE_S = 1.5


def active_crawls() -> list["subprocess.Popen[str]"]:
    """Return the crawl subprocesses running now (for shutdown handling and tests)."""
    with _active_lock:
        return list(_active)


def _stop(process: "subprocess.Popen[str]", grace: float = TERMINATE_GRACE_S) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_crawls(run_id: int | None = None, grace: float = INTERRUPT_GRACE_S) -> int:
    """Stop the running crawls of run_id (every crawl when None): SIGTERM, SIGKILL after grace.

    Returns how many were running. Safe from any thread; the threads waiting in run_crawl then see their
    crawl fail and raise CrawlError.
    """
    with _active_lock:
        chosen = [p for p, owner in _active.items() if run_id is None or owner == run_id]
    for process in chosen:
        if process.poll() is None:
            process.terminate()  # all first, so they wind down side by side
    deadline = time.monotonic() + grace
    for process in chosen:
        _stop(process, max(0.0, deadline - time.monotonic()))
    return len(chosen)


def _crawl_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    # The URL (which may hold a password) goes through the environment, never the command line.
    env["NEWSINGEST_DATABASE_URL"] = database_url
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _same_crawl_env(one: dict[str, str], other: dict[str, str]) -> bool:
    # Prefect's settings reach os.environ while the command loads its flow; the crawl never reads them.
    def ours(env: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in env.items() if not k.startswith("PREFECT_")}

    return ours(one) == ours(other)


def _spawn(env: dict[str, str]) -> "subprocess.Popen[str]":
    """Start a crawl process that imports Scrapy and waits for its arguments on stdin."""
    # The crawl dies with this process however it ends (SIGKILL included): an orphaned crawl would go on
    # fetching and writing beside the next run. Its own process group keeps a terminal's Ctrl-C from
    # reaching it directly: this process stops it in order (stop_crawls) and records why.
    command = lifeline.command(["-m", "newsingest.crawl.main", "--arguments-on-stdin"], signal.SIGKILL)
    return subprocess.Popen(
        command,
        env=env,
        process_group=0,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


@dataclass(slots=True)
class _Warm:
    process: "subprocess.Popen[str]"
    env: dict[str, str]


_warm: _Warm | None = None  # a crawl process started ahead of the command's first crawl


@contextmanager
def warm_crawl(database_url: str) -> Iterator[None]:
    """Start a crawl process now for the block's first crawl, so Scrapy loads while the caller's flow does.

    Call it from the thread that lives as long as the block (the kernel signal that ties the crawl to its
    parent fires when the starting thread ends). A crawl process the block did not use is stopped at its end.
    """
    global _warm
    env = _crawl_env(database_url)
    _warm = _Warm(_spawn(env), env)
    try:
        yield
    finally:
        with _active_lock:
            left, _warm = _warm, None
        if left is not None:
            _stop(left.process, INTERRUPT_GRACE_S)


def _take_warm(env: dict[str, str]) -> "subprocess.Popen[str] | None":
    """Return the crawl process started ahead when it suits env and is still waiting, else None."""
    global _warm
    with _active_lock:
        warm, _warm = _warm, None
    if warm is None:
        return None
    if warm.process.poll() is None and _same_crawl_env(warm.env, env):
        return warm.process
    _stop(warm.process, INTERRUPT_GRACE_S)
    return None


def run_crawl(plan: CrawlPlan, sink: LogSink, database_url: str, *, timeout: float) -> CrawlOutcome:
    """Carry out plan in a crawl process storing into database_url; raise CrawlError when it fails.

    The process is killed after timeout seconds.
    """
    env = _crawl_env(database_url)
    slug = plan.source.slug
    with tempfile.TemporaryDirectory(prefix="newsingest-crawl-") as workdir:
        plan_file = Path(workdir, "plan.json")
        plan_file.write_text(plan.model_dump_json(), encoding="utf-8")
        stats_file = Path(workdir, "stats.json")
        process = _take_warm(env) or _spawn(env)
        tail: deque[str] = deque(maxlen=20)
        with _active_lock:
            _active[process] = plan.run_id
        pump = threading.Thread(target=_pump, args=(process.stderr, sink, tail), daemon=True)
        pump.start()
        try:
            _hand_over(process, ["--plan-file", str(plan_file), "--stats-file", str(stats_file)])
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise CrawlError(f"crawl of {slug} exceeded {timeout:.0f} s and was stopped") from None
        finally:
            # Whatever ended the wait (an exception raised into this thread included), no crawl outlives it.
            _stop(process, INTERRUPT_GRACE_S)
            with _active_lock:
                _active.pop(process, None)
            pump.join(timeout=10)
        if code < 0:
            raise CrawlError(f"crawl of {slug} was stopped by signal {-code}")
        if code != 0 or not stats_file.exists():
            last = " | ".join(list(tail)[-3:])
            raise CrawlError(f"crawl of {slug} exited with code {code}: {last}")
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        if stats.get("finish_reason") not in (None, "finished"):
            raise CrawlError(f"crawl of {slug} stopped early ({stats.get('finish_reason')})")
        return CrawlOutcome(stats)


def _hand_over(process: "subprocess.Popen[str]", arguments: list[str]) -> None:
    """Send the crawl process its arguments; a process that died already shows in its exit code."""
    assert process.stdin is not None
    with contextlib.suppress(BrokenPipeError, OSError):
        process.stdin.write(json.dumps(arguments) + "\n")
        process.stdin.close()
