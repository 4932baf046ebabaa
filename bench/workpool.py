"""Several machines' setup on one: a Prefect server on PostgreSQL, the work pool, and process workers.

The scale tests and `bench.workers` start it: the server keeps its state in a PostgreSQL database of its
own (SQLite locks up under several writers), the articles go to another database on the same server, and
every worker is a `prefect worker start` process; killing it kills the flow runs under it too, as a lost
machine would.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import psutil
import psycopg
from sqlalchemy.engine import make_url

from newsingest import lifeline

ROOT = Path(__file__).parents[1]
PREFECT = [sys.executable, "-m", "prefect"]
POOL = "newsingest"
DEFAULT_POSTGRES = os.environ.get(
    "NEWSINGEST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# The shortest heartbeat Prefect accepts; deploy/automations.yaml marks a run Crashed after 90 s without.
HEARTBEAT_S = 30
# Workers ask for runs every 2 s instead of 10: chunk runs are short, and a wait between them is idle time.
QUERY_S = 2


def _admin(postgres: str) -> str:
    return make_url(postgres).set(drivername="postgresql").render_as_string(hide_password=False)


def recreate_database(postgres: str, name: str) -> str:
    """Drop and create database name on postgres's server; return its URL (postgres's driver)."""
    with psycopg.connect(_admin(postgres), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(postgres).set(database=name).render_as_string(hide_password=False)


def drop_database(postgres: str, name: str) -> None:
    """Drop database name on postgres's server, its connections closed."""
    with psycopg.connect(_admin(postgres), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_healthy(
    api_url: str,
    server: "subprocess.Popen[Any]",
    seconds: float = 180,
    log: Callable[[], str] = lambda: "",
) -> None:
    """Return once the Prefect server at api_url answers /health; raise when it exits or times out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"prefect server exited with {server.returncode}: {log()}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"prefect server at {api_url} not healthy after {seconds} s: {log()}")


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes], group: bool, seconds: float = 30) -> None:
    """Terminate process (its whole group when group), then kill it if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM) if group else process.terminate()
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL) if group else process.kill()
        process.wait()
    except ProcessLookupError:
        process.wait()


def _tree(pid: int) -> list[psutil.Process]:
    """Return the process pid and all its descendants (none when it is gone)."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


class LocalPool:
    """A Prefect server on PostgreSQL with the deployments registered, and workers started on demand."""

    def __init__(
        self,
        home: Path,
        *,
        prefect_database: str,
        store_database: str,
        postgres: str = DEFAULT_POSTGRES,
        env: dict[str, str] | None = None,
        keep_databases: bool = False,
        register: bool = True,
    ) -> None:
        """Plan a pool whose files go under home and whose databases are recreated under these names."""
        self.home = home
        self.postgres = postgres
        self.names = (prefect_database, store_database)
        self.keep_databases = keep_databases
        self.register = register  # the pool, limits and deployments (setup and deploy), for workers
        self.api_url = f"http://127.0.0.1:{free_port()}/api"
        self.store_url = make_url(postgres).set(database=store_database).render_as_string(hide_password=False)
        prefect_url = make_url(postgres).set(drivername="postgresql+asyncpg", database=prefect_database)
        self.env = {
            **os.environ,
            **(env or {}),
            "PREFECT_HOME": str(home),
            "PREFECT_API_DATABASE_CONNECTION_URL": prefect_url.render_as_string(hide_password=False),
            "PREFECT_API_URL": self.api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_UI_ENABLED": "false",
            # No scheduled runs: deploy/prefect.yaml schedules ingests of the real sources, which the workers
            # here must not take (this machine reaches no site but its own test sites).
            "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
            "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(HEARTBEAT_S),
            "PREFECT_WORKER_QUERY_SECONDS": str(QUERY_S),
            "NEWSINGEST_DATABASE_URL": self.store_url,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")])
            ),
        }
        for key in ("PREFECT_PROFILES_PATH", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY"):
            self.env.pop(key, None)
        self.server: subprocess.Popen[bytes] | None = None
        self.workers: dict[str, subprocess.Popen[bytes]] = {}

    def __enter__(self) -> "LocalPool":
        """Recreate both databases, start the server, create the pool and limits, register deployments."""
        self.home.mkdir(parents=True, exist_ok=True)
        for name in self.names:
            recreate_database(self.postgres, name)
        port = make_url(self.api_url).port
        try:
            self.server = self._spawn(
                "server",
                [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
                cwd=self.home,
            )
            self._wait_healthy()
            if self.register:
                self.run([sys.executable, "-m", "newsingest", "setup"])
                deploy = ["--no-prompt", "deploy", "--all", "--prefect-file", "deploy/prefect.yaml"]
                self.run([*PREFECT, *deploy])
            else:
                self.run([sys.executable, "-m", "newsingest", "db", "upgrade"])
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop the workers and the server; drop the databases unless asked to keep them."""
        self.close()

    def close(self) -> None:
        """Stop every process this pool started and drop its databases (unless kept)."""
        for name in list(self.workers):
            self.stop_worker(name)
        if self.server is not None:
            _stop(self.server, group=True)
            self.server = None
        if not self.keep_databases:
            for name in self.names:
                drop_database(self.postgres, name)

    def _spawn(
        self, name: str, command: list[str], cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        # Tied to this process: a test run killed before its teardown leaves no server or worker behind.
        tied = lifeline.command(command[1:], signal.SIGTERM)
        with (self.home / f"{name}.log").open("ab") as log:
            return subprocess.Popen(
                tied,
                env={**self.env, **(env or {})},
                cwd=cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _wait_healthy(self, seconds: float = 180) -> None:
        assert self.server is not None
        wait_healthy(self.api_url, self.server, seconds, lambda: self.log("server"))

    def run(self, command: list[str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """Run command from the checkout with the pool's environment; raise with its output when it fails."""
        done = subprocess.run(
            command, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[:4])} exited {done.returncode}: {done.stderr[-3000:]}")
        return done

    def log(self, name: str) -> str:
        """Return the tail of a process's log (server or a worker's name)."""
        path = self.home / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace")[-3000:] if path.exists() else ""

    def start_worker(
        self, name: str, limit: int = 1, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start a process worker of the pool, named name, running at most limit flow runs at once.

        env overrides the pool's environment for this worker and its flow runs (another database URL).
        """
        command = [*PREFECT, "worker", "start", "--pool", POOL, "--type", "process", "--name", name]
        worker = self._spawn(name, [*command, "--limit", str(limit)], cwd=ROOT, env=env)
        self.workers[name] = worker
        return worker

    def stop_worker(self, name: str) -> None:
        """Stop a worker as an operator would (SIGTERM), then anything left under it."""
        worker = self.workers.pop(name)
        tree = _tree(worker.pid)
        _stop(worker, group=True)
        for process in tree[1:]:  # flow runs live in sessions of their own
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()

    def kill_worker(self, name: str) -> None:
        """SIGKILL a worker and every process under it at once, as when its host is lost.

        Prefect starts each flow run in a session of its own, so the worker's process group is not enough:
        the tree is stopped first (no process can spawn or react), then killed.
        """
        worker = self.workers.pop(name)
        tree = _tree(worker.pid)
        for process in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.send_signal(signal.SIGSTOP)
        for process in {*tree, *_tree(worker.pid)}:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.send_signal(signal.SIGKILL)
        worker.wait()

    def worker_of_pid(self, pid: int) -> str | None:
        """Return the name of the live worker that pid runs under (None: none of them)."""
        try:
            ancestors = {p.pid for p in psutil.Process(pid).parents()}
        except psutil.NoSuchProcess:
            return None
        return next((name for name, w in self.workers.items() if w.pid in ancestors), None)

    def settings(self) -> Any:
        """Prefect settings pointing this process's client at the pool's server (a context manager)."""
        from prefect.settings import PREFECT_API_URL, temporary_settings

        return temporary_settings({PREFECT_API_URL: self.api_url})
