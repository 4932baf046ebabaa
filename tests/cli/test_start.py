"""Prefect's start-up as commands meet it: a running server is reused, the temporary one is not announced."""

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsingest.prefect_env import (
    PROBE_TIMEOUT_S,
    answers_like_prefect,
    local_server_url,
    log_server_notice_at_debug,
)
from tests.cli.helpers import Cli

NOTICE = "Starting temporary server on"
PREFECT = Path(sys.executable).with_name("prefect")


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def serve(answers: dict[str, tuple[int, bytes]]) -> Iterator[str]:
    """Serve answers (path -> status, body; 404 elsewhere) on 127.0.0.1 and yield the /api URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = answers.get(self.path, (404, b'{"detail":"Not Found"}'))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def prefect_like() -> Iterator[str]:
    """A server answering Prefect's health and version checks as Prefect 3 does."""
    yield from serve({"/api/health": (200, b"true"), "/api/version": (200, b'"0.8.4"')})


def test_a_server_answering_prefects_health_and_version_checks_is_a_prefect_server(prefect_like: str) -> None:
    assert answers_like_prefect(prefect_like)


@pytest.mark.parametrize(
    "answers",
    [
        {},  # a web server without those paths
        {"/api/health": (200, b"ok"), "/api/version": (200, b'"1"')},  # health is not JSON true
        {"/api/health": (200, b"true")},  # no version
        {"/api/health": (503, b"true"), "/api/version": (200, b'"0.8.4"')},
    ],
    ids=["404", "health-not-true", "no-version", "unhealthy"],
)
def test_other_servers_are_not_taken_for_prefect(answers: dict[str, tuple[int, bytes]]) -> None:
    for api_url in serve(answers):
        assert not answers_like_prefect(api_url)


def test_nothing_listening_or_a_silent_listener_is_no_server_and_costs_little() -> None:
    assert not answers_like_prefect(f"http://127.0.0.1:{free_port()}/api")
    with socket.create_server(("127.0.0.1", 0)) as silent:  # takes connections, never answers
        started = time.monotonic()
        assert not answers_like_prefect(f"http://127.0.0.1:{silent.getsockname()[1]}/api")
        assert time.monotonic() - started < 10 * PROBE_TIMEOUT_S  # bounded by the probe's timeout


def test_the_local_server_url_reaches_a_server_listening_everywhere() -> None:
    assert local_server_url("127.0.0.1", 4200) == "http://127.0.0.1:4200/api"
    assert local_server_url("0.0.0.0", 4300) == "http://127.0.0.1:4300/api"
    assert local_server_url("::", 4200) == "http://[::1]:4200/api"


def test_prefects_temporary_server_notice_is_logged_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    log_server_notice_at_debug()
    prefect = logging.getLogger("prefect")
    with caplog.at_level(logging.INFO, logger="prefect"):
        prefect.info("Starting temporary server on http://127.0.0.1:8123\nSee https://docs.prefect.io/v3/…")
        prefect.info("Beginning flow run")  # the rest of Prefect's log is untouched
    assert [r.getMessage() for r in caplog.records] == ["Beginning flow run"]
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="prefect"):
        prefect.info("Starting temporary server on http://127.0.0.1:8123")
    assert [(r.levelname, r.getMessage()[:28]) for r in caplog.records] == [("DEBUG", NOTICE)]


@pytest.fixture
def no_prefect_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """No API URL, and nothing where a local server would be looked for: Prefect's temporary server."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_SERVER_API_PORT", str(free_port()))


@pytest.mark.slow
@pytest.mark.usefixtures("no_prefect_server")
def test_a_run_does_not_print_prefects_temporary_server_notice(
    cli: Cli, demo_sources_file: Path, tmp_path: Path
) -> None:
    result = cli(
        "run", "--source", "demo", "--sources-file", str(demo_sources_file), cwd=tmp_path, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Run summary" in result.stdout
    for output in (result.stdout, result.stderr):
        assert NOTICE not in output and "docs.prefect.io" not in output


@pytest.fixture
def prefect_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A real `prefect server start` on a free port, with its own home; yields its API URL."""
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "server-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "0",
    }
    env.pop("PREFECT_API_URL", None)
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while not answers_like_prefect(api_url, timeout=1):
            assert server.poll() is None and time.monotonic() < deadline, (
                tmp_path / "server.log"
            ).read_text()
            time.sleep(0.5)
        monkeypatch.delenv("PREFECT_API_URL", raising=False)
        monkeypatch.setenv("PREFECT_SERVER_API_PORT", str(port))  # where this machine's server listens
        yield api_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def flow_runs(api_url: str) -> list[dict[str, object]]:
    from urllib.request import Request, urlopen

    request = Request(
        f"{api_url}/flow_runs/filter",
        data=b"{}",
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urlopen(request, timeout=30) as response:
        runs: list[dict[str, object]] = json.load(response)
    return runs


@pytest.mark.slow
def test_a_run_uses_the_prefect_server_running_on_this_machine(
    cli: Cli, prefect_server: str, demo_sources_file: Path, tmp_path: Path
) -> None:
    """No temporary server (its notice would show at DEBUG), and the run is the server's."""
    result = cli(
        "run",
        "--source",
        "demo",
        "--sources-file",
        str(demo_sources_file),
        cwd=tmp_path,
        timeout=300,
        env={"PREFECT_LOGGING_LEVEL": "DEBUG"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"newsingest: using the Prefect server running at {prefect_server}\n" in result.stderr
    assert NOTICE not in result.stderr
    [run] = flow_runs(prefect_server)
    assert run["state_type"] == "COMPLETED"
