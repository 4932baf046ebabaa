"""A real Prefect server and a process worker on 127.0.0.1, started by the tests (not the harness).

One server, deployment set and worker for the whole session: the deployment tests share them (they keep to
their own sources) and go to one test process (tests/conftest.py schedules them as one unit of work).
"""

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from bench.workpool import wait_healthy

from newsingest.config import BUNDLED_SOURCES
from newsingest.sources import Source, load_sources, select_sources
from tests.canned_site import CannedDemoSite

ROOT = Path(__file__).parents[2]
PREFECT = [sys.executable, "-m", "prefect"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment pointing at a fresh Prefect server of the session, with a SQLite newsingest database."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home}/prefect.db",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        # No scheduled runs: deploy/prefect.yaml schedules ingests of the real sources, which the session's
        # worker must not take (this machine reaches no site but the tests' own).
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_API_URL": api,
        "PREFECT_RUNNER_HEARTBEAT_FREQUENCY": "30",
        # The worker asks for runs every second, not every 10 s: each deployment run starts that much sooner.
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "NEWSINGEST_DATABASE_URL": f"sqlite:///{home}/newsingest.db",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")])
        ),
    }
    env.pop("PREFECT_PROFILES_PATH", None)
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=home,
    )
    try:
        wait_healthy(api, server)
        yield env
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


class Hook(BaseHTTPRequestHandler):
    """Records the JSON bodies POSTed to it (the alert webhook)."""

    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        """Record the body and answer 204."""
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.received.append(json.loads(body or b"{}"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture(scope="session")
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A local webhook receiver: (URL, received bodies)."""
    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", Hook.received
    server.shutdown()


@pytest.fixture(scope="session")
def deployed(
    prefect_env: dict[str, str], webhook: tuple[str, list[dict[str, Any]]]
) -> Iterator[dict[str, str]]:
    """`newsingest setup` (pool, limits, alert), deployments from deploy/prefect.yaml, one process worker."""
    env = {**prefect_env, "NEWSINGEST_ALERT_WEBHOOK_URL": webhook[0]}
    run = {"env": env, "cwd": ROOT, "capture_output": True, "text": True, "timeout": 300}
    setup = subprocess.run([sys.executable, "-m", "newsingest", "setup"], **run)  # type: ignore[call-overload]
    assert setup.returncode == 0, setup.stderr
    deploy = subprocess.run(  # type: ignore[call-overload]
        [*PREFECT, "--no-prompt", "deploy", "--all", "--prefect-file", "deploy/prefect.yaml"], **run
    )
    assert deploy.returncode == 0, deploy.stdout[-3000:] + deploy.stderr[-3000:]
    home = Path(prefect_env["PREFECT_HOME"])
    log = (home / "worker.log").open("wb")
    worker = subprocess.Popen(
        [*PREFECT, "worker", "start", "--pool", "newsingest", "--type", "process"],
        env=prefect_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        yield prefect_env
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


@pytest.fixture
def demo() -> Iterator[tuple[CannedDemoSite, Source]]:
    """The demo site on a free port, and the bundled demo source pointed at it."""
    with CannedDemoSite() as site:
        source = select_sources(load_sources(BUNDLED_SOURCES), ["demo"])[0].with_base_url(site.base_url)
        yield site, source
