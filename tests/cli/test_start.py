"""Prefect's start-up as commands meet it: a running server is reused, the temporary one is not announced."""

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsingest.prefect_env import (
    PROBE_TIMEOUT_S,
    answers_like_prefect,
    local_server_url,
    log_server_notice_at_debug,
)
from tests.cli.helpers import Cli

NOTICE = "Starting temporary server on"


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
def test_a_run_on_prefects_temporary_server_hides_its_notice_and_its_articles_list(
    cli: Cli, demo_sources_file: Path, tmp_path: Path
) -> None:
    result = cli(
        "run", "--source", "demo", "--sources-file", str(demo_sources_file), cwd=tmp_path, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Run summary" in result.stdout and "completed" in result.stdout
    for output in (result.stdout, result.stderr):
        assert NOTICE not in output and "docs.prefect.io" not in output
    listing = cli("articles", "--source", "demo", "--limit", "3", cwd=tmp_path)
    assert listing.returncode == 0 and listing.stdout.count("demo") >= 3, listing.stderr


@pytest.fixture
def prefect_server(prefect_harness: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """The session's Prefect server where this machine's settings say one listens, no API URL set."""
    from prefect.settings import get_current_settings

    api_url = str(get_current_settings().api.url)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_SERVER_API_PORT", str(urlsplit(api_url).port))
    return api_url


def flow_runs(api_url: str, sources_file: Path) -> list[dict[str, object]]:
    """Return the server's latest flow runs over sources_file (other tests' runs share the server)."""
    from urllib.request import Request, urlopen

    request = Request(
        f"{api_url}/flow_runs/filter",
        data=json.dumps({"sort": "EXPECTED_START_TIME_DESC", "limit": 50}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urlopen(request, timeout=30) as response:
        runs: list[dict[str, Any]] = json.load(response)
    return [run for run in runs if run["parameters"].get("sources_file") == str(sources_file)]


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
    [run] = flow_runs(prefect_server, demo_sources_file)
    assert run["state_type"] == "COMPLETED"
