"""Ctrl-C and SIGTERM stop any command within seconds, say so in one line, and exit 130 or 143."""

import contextlib
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.settings import get_current_settings

from tests.cli.helpers import SCRIPT

STOPS_WITHIN_S = 10


@pytest.fixture
def stalling_server() -> Iterator[socket.socket]:
    """A listening socket that takes connections and never answers: a fetch of it blocks."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(30)
        yield server


def start(*args: str, tmp_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(SCRIPT), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"]
)
def test_a_signal_stops_a_blocked_command_with_its_exit_code(
    stalling_server: socket.socket, tmp_path: Path, signum: int, code: int
) -> None:
    port = stalling_server.getsockname()[1]
    process = start("extract", f"http://127.0.0.1:{port}/article", tmp_path=tmp_path)
    connection, _ = stalling_server.accept()  # the command is now waiting for an answer
    with connection:
        started = time.monotonic()
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=STOPS_WITHIN_S)
    assert time.monotonic() - started < STOPS_WITHIN_S
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert stderr == f"newsingest: interrupted by {signal.Signals(signum).name}\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"]
)
def test_a_signal_ends_the_demo_and_prefects_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int
) -> None:
    monkeypatch.setenv("NEWSINGEST_DATABASE_URL", f"sqlite:///{tmp_path}/newsingest.db")
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    process = start("demo", "--keep-serving", tmp_path=tmp_path)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:  # the run first: its summary and the articles, then the serving notice
        lines.append(line)
        if "Ctrl-C to stop" in line:
            break
    assert "Run summary" in "".join(lines)
    started = time.monotonic()
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=STOPS_WITHIN_S)
    assert time.monotonic() - started < STOPS_WITHIN_S
    assert process.returncode == code
    assert "Traceback" not in stderr
    assert f"newsingest: interrupted by {signal.Signals(signum).name}\n" in stderr
    assert "Stopping temporary server" in stderr  # Prefect's server goes with us


def wait_for_running_crawl(database: Path, process: subprocess.Popen[str], timeout: float = 180) -> None:
    """Return once the command has a crawl run in progress."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if database.exists():
            with contextlib.closing(sqlite3.connect(database)) as conn:
                try:
                    if conn.execute("select 1 from crawl_runs where status = 'running'").fetchone():
                        return
                except sqlite3.OperationalError:  # the schema is being created
                    pass
        time.sleep(0.5)
    raise AssertionError(f"no crawl started (exit {process.poll()})")


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"]
)
def test_a_signal_during_a_run_prints_what_was_done_and_exits(
    stalling_server: socket.socket, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int
) -> None:
    """A run whose site never answers stops at once: the summary of its runs first, then 130 or 143."""
    # The test's Prefect server (no temporary one to start): stopping the run is the subject here.
    monkeypatch.setenv("PREFECT_API_URL", str(get_current_settings().api.url))
    port = stalling_server.getsockname()[1]
    (tmp_path / "sources.yaml").write_text(
        "sources:\n"
        f"  - {{slug: stalled, name: Stalled, domain: 127.0.0.1, feeds: ['http://127.0.0.1:{port}/feed.xml'],"
        " allow_private_hosts: ['127.0.0.1']}\n"
    )
    database = tmp_path / "newsingest.db"
    monkeypatch.setenv("NEWSINGEST_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    process = start("run", "--sources-file", str(tmp_path / "sources.yaml"), tmp_path=tmp_path)
    try:
        wait_for_running_crawl(database, process)
        started = time.monotonic()
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == code, stderr[-2000:]
    assert time.monotonic() - started < 30, "the run went on after the signal"
    assert "Run summary" in stdout and "stalled" in stdout
    assert f"newsingest: interrupted by {signal.Signals(signum).name}\n" in stderr
