"""Run one source's crawl in a subprocess and relay its log lines and stats to the caller."""

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsingest.config import get_settings
from newsingest.crawl.plan import CrawlPlan

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
            tail.append(line)
            sink(_level(line), line)


_active: set[subprocess.Popen[str]] = set()
_active_lock = threading.Lock()
TERMINATE_GRACE_S = 30.0  # Scrapy finishes in-flight requests and flushes stored pages on SIGTERM


def active_crawls() -> list["subprocess.Popen[str]"]:
    """Return the crawl subprocesses running now (for shutdown handling and tests)."""
    with _active_lock:
        return list(_active)


def _stop(process: "subprocess.Popen[str]") -> None:
    process.terminate()
    try:
        process.wait(timeout=TERMINATE_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_crawl(plan: CrawlPlan, sink: LogSink, database_url: str | None = None) -> CrawlOutcome:
    """Carry out plan in a fresh Python process; raise CrawlError when it fails or is killed."""
    settings = get_settings()
    env = dict(os.environ)
    # The URL (which may hold a password) goes through the environment, never the command line.
    env["NEWSINGEST_DATABASE_URL"] = database_url or settings.database_url
    env["PYTHONUNBUFFERED"] = "1"
    slug = plan.source.slug
    with tempfile.TemporaryDirectory(prefix="newsingest-crawl-") as workdir:
        plan_file = Path(workdir, "plan.json")
        plan_file.write_text(plan.model_dump_json(), encoding="utf-8")
        stats_file = Path(workdir, "stats.json")
        command = [sys.executable, "-m", "newsingest.crawl.main", "--plan-file", str(plan_file)]
        command += ["--stats-file", str(stats_file)]
        tail: deque[str] = deque(maxlen=20)
        process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        with _active_lock:
            _active.add(process)
        pump = threading.Thread(target=_pump, args=(process.stderr, sink, tail), daemon=True)
        pump.start()
        try:
            code = process.wait(timeout=settings.crawl_timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise CrawlError(
                f"crawl of {slug} exceeded {settings.crawl_timeout:.0f} s and was stopped"
            ) from None
        finally:
            with _active_lock:
                _active.discard(process)
            pump.join(timeout=10)
        if code != 0 or not stats_file.exists():
            last = " | ".join(list(tail)[-3:])
            raise CrawlError(f"crawl of {slug} exited with code {code}: {last}")
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        if stats.get("finish_reason") not in (None, "finished"):
            raise CrawlError(f"crawl of {slug} stopped early ({stats.get('finish_reason')})")
        return CrawlOutcome(stats)
