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
from newsingest.sources import Source

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


def run_crawl(
    source: Source, run_id: int | None, sink: LogSink, database_url: str | None = None
) -> CrawlOutcome:
    """Crawl source in a fresh Python process; raise CrawlError when it fails."""
    settings = get_settings()
    env = dict(os.environ)
    # The URL (which may hold a password) goes through the environment, never the command line.
    env["NEWSINGEST_DATABASE_URL"] = database_url or settings.database_url
    env["PYTHONUNBUFFERED"] = "1"
    with tempfile.TemporaryDirectory(prefix="newsingest-crawl-") as workdir:
        source_file = Path(workdir, "source.json")
        source_file.write_text(source.model_dump_json(), encoding="utf-8")
        stats_file = Path(workdir, "stats.json")
        command = [
            sys.executable,
            "-m",
            "newsingest.crawl.main",
            "--source-file",
            str(source_file),
            "--stats-file",
            str(stats_file),
        ]
        if run_id is not None:
            command += ["--run-id", str(run_id)]
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
        pump = threading.Thread(target=_pump, args=(process.stderr, sink, tail), daemon=True)
        pump.start()
        try:
            code = process.wait(timeout=settings.crawl_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise CrawlError(
                f"crawl of {source.slug} exceeded {settings.crawl_timeout:.0f} s and was killed"
            ) from None
        finally:
            pump.join(timeout=10)
        if code != 0 or not stats_file.exists():
            last = " | ".join(list(tail)[-3:])
            raise CrawlError(f"crawl of {source.slug} exited with code {code}: {last}")
        return CrawlOutcome(json.loads(stats_file.read_text(encoding="utf-8")))
