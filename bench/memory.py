"""Run one measured side in a child process and record the peak RSS of its whole process tree."""

import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

SAMPLE_INTERVAL_S = 0.05
MIB = 1024 * 1024


class ChildFailedError(RuntimeError):
    """A measured child exited with an error."""


@dataclass(frozen=True, slots=True)
class ChildResult:
    """What a measured child reported, and the peak RSS of it and its descendants."""

    result: dict[str, Any]
    peak_rss_mib: float


def _tree_rss(root: psutil.Process) -> int:
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_info().rss
        except psutil.Error:  # it exited between listing and reading: its memory is gone
            continue
    return total


def _sample_peak(pid: int, done: threading.Event, peak: list[int]) -> None:
    # Scrapy's crawl subprocess, the extraction workers and Prefect's server are children of the
    # measured process, so the sum over the tree is what the machine must hold at once.
    try:
        root = psutil.Process(pid)
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(root))
            done.wait(SAMPLE_INTERVAL_S)
    except psutil.NoSuchProcess:
        return


def run_child(module: str, arguments: list[str], env: dict[str, str] | None = None) -> ChildResult:
    """Run `python -m module arguments --result-file F`, return F's JSON and the tree's peak RSS."""
    with tempfile.TemporaryDirectory(prefix="newsingest-bench-") as workdir:
        result_file = Path(workdir, "result.json")
        command = [sys.executable, "-m", module, *arguments, "--result-file", str(result_file)]
        # The child's stdout is dropped so that only the harness's JSON reaches stdout; stderr is kept
        # for the error message.
        process = subprocess.Popen(
            command,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        done, peak = threading.Event(), [0]
        sampler = threading.Thread(target=_sample_peak, args=(process.pid, done, peak), daemon=True)
        sampler.start()
        _, errors = process.communicate()
        done.set()
        sampler.join()
        if process.returncode != 0 or not result_file.exists():
            tail = "\n".join(errors.strip().splitlines()[-15:])
            raise ChildFailedError(f"{' '.join(command[2:4])} exited with {process.returncode}:\n{tail}")
        result = json.loads(result_file.read_text(encoding="utf-8"))
    return ChildResult(result, round(peak[0] / MIB, 1))


def write_result(path: Path, result: dict[str, Any]) -> None:
    """Write a child's result for run_child to read."""
    path.write_text(json.dumps(result, default=str), encoding="utf-8")
