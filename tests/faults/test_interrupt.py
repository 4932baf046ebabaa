"""Stopping is clean: Ctrl-C, SIGTERM and SIGKILL of `newsingest run` leave no crawl, no server, no open run.

The site answers its first pages at once and then stops answering (a slow site): the interrupted run is
stopped with requests in flight, and a rerun must fetch again only those, never a page it already had.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

import psutil
import pytest
from sqlalchemy import Engine, select

from newsingest.db.models import CrawlRun, Failure, Page
from newsingest.sources import Source
from tests.conftest import ON_SQLITE, write_sources
from tests.faults.site import article_html, articles, count, run_ingest

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

ARTICLES = 24
ANSWERED = 8  # pages the site answers before it hangs
# Generous under a loaded 2-core CI (two test workers); 1.5-2.9 s measured on a quiet machine.
STOPS_WITHIN_S = 10.0


class SlowSite:
    """A news site on 127.0.0.1 whose article requests hang once `answered` pages were delivered."""

    def __init__(self, articles: int, answered: int) -> None:
        """Bind a free port; start() serves."""
        self.paths = [f"/news/slow-{i}.html" for i in range(articles)]
        self.answered = answered
        self.requests: Counter[str] = Counter()
        self.delivered: Counter[str] = Counter()  # complete answers only
        self.lock = threading.Lock()
        self.released = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Stay quiet."""

            def do_GET(self) -> None:
                """Serve the feed, or an article (hanging once the site is 'slow')."""
                site.serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """Return http://127.0.0.1:<port>."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        """Answer one request, recording it and (when complete) its delivery."""
        path = handler.path
        with self.lock:
            self.requests[path] += 1
            hang = path in self.paths and sum(self.delivered.values()) >= self.answered
        if path == "/feed.xml":
            links = "".join(f"<item><link>{self.base_url}{p}</link></item>" for p in self.paths)
            body = f"<?xml version='1.0'?><rss version='2.0'><channel>{links}</channel></rss>".encode()
        elif path in self.paths:
            if hang and not self.released.wait(120):
                return
            body = article_html(path.rsplit("/", 1)[-1].removesuffix(".html")).encode()
        else:
            handler.send_response(404)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            handler.wfile.flush()
        except OSError:
            return  # the client is gone: nothing was delivered
        if path in self.paths:
            with self.lock:
                self.delivered[path] += 1

    def __enter__(self) -> "SlowSite":
        """Start serving."""
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop serving."""
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def slow_source(site: SlowSite) -> Source:
    """Return the source crawling site's feed (it opts in to its loopback address)."""
    return Source(
        slug="slow",
        name="Slow site",
        domain="127.0.0.1",
        base_url=site.base_url,
        feeds=["/feed.xml"],
        article_pattern=r"/news/",
        download_delay=0,
        allow_private_hosts=["127.0.0.1"],
    )


@pytest.fixture
def slow_site() -> Iterator[SlowSite]:
    """A site of ARTICLES pages that hangs after ANSWERED of them."""
    with SlowSite(ARTICLES, ANSWERED) as site:
        yield site


def cli_env(database_url: str, tmp_path: Path, *, prefect_api: bool) -> dict[str, str]:
    """Return the environment of a `newsingest` subprocess: this database, this (or its own) Prefect."""
    from prefect.settings import get_current_settings

    env = dict(os.environ)
    env["NEWSINGEST_DATABASE_URL"] = database_url
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    if env.get("PYTHONPATH"):  # a relative src must keep naming this checkout from tmp_path
        env["PYTHONPATH"] = os.pathsep.join(
            str(Path(p).absolute()) for p in env["PYTHONPATH"].split(os.pathsep)
        )
    env.pop("PREFECT_API_URL", None)
    if prefect_api:  # the test's Prefect server, so the command does not start its own (seconds)
        env["PREFECT_API_URL"] = str(get_current_settings().api.url)
    return env


def start_run(
    slow_site: SlowSite, database_url: str, tmp_path: Path, *, prefect_api: bool
) -> subprocess.Popen[str]:
    """Start `newsingest run` on the slow site in its own session (as a terminal runs a command)."""
    sources_file = write_sources(tmp_path / "sources.yaml", slow_source(slow_site))
    return subprocess.Popen(
        [sys.executable, "-m", "newsingest", "run", "--source", "slow", "--sources-file", str(sources_file)],
        env=cli_env(database_url, tmp_path, prefect_api=prefect_api),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def crawl_children(process: subprocess.Popen[str]) -> list[psutil.Process]:
    """Return the crawl subprocesses under process."""
    found = []
    for child in psutil.Process(process.pid).children(recursive=True):
        try:
            if "newsingest.crawl.main" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def wait_until_stalled(
    engine: Engine, slow_site: SlowSite, process: subprocess.Popen[str]
) -> list[psutil.Process]:
    """Wait until the answered pages are stored and the crawl waits on the hanging ones; return its tree."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0][-3000:]
        if count(engine, Page) >= ANSWERED and sum(slow_site.requests.values()) > ANSWERED + 1:
            tree = psutil.Process(process.pid).children(recursive=True)
            assert crawl_children(process), "no crawl subprocess"
            return tree
        time.sleep(0.1)
    raise AssertionError(f"the crawl did not reach the hanging pages: {process.communicate()[0][-3000:]}")


def alive(processes: list[psutil.Process]) -> list[str]:
    """Return the command lines of the processes still running (zombies are dead)."""
    living = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                living.append(" ".join(p.cmdline())[:160])
        except psutil.NoSuchProcess:
            continue
    return living


def wait_gone(processes: list[psutil.Process], within: float) -> list[str]:
    """Wait up to within seconds for processes to end; return those still running."""
    deadline = time.monotonic() + within
    while alive(processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(processes)


def assert_rerun_fetches_nothing_twice(engine: Engine, slow_site: SlowSite, tmp_path: Path) -> None:
    """Rerun at once with the site answering: every article stored, no delivered page fetched again."""
    first_delivered = set(slow_site.delivered)
    first_requests = Counter(slow_site.requests)
    slow_site.released.set()
    slow_site.answered = ARTICLES * 10
    state = run_ingest(tmp_path, slow_source(slow_site))
    assert state.is_completed(), state.message
    twice = {p: n for p, n in slow_site.delivered.items() if n > 1}
    asked_again = {p for p in slow_site.paths if slow_site.requests[p] > first_requests[p] > 0}
    print(
        f"first run delivered {len(first_delivered)} pages; rerun: {len(twice)} delivered twice, "
        f"{len(asked_again)} re-requested (in flight, never answered, at the interrupt)"
    )
    assert twice == {}
    assert asked_again.isdisjoint(first_delivered)
    assert set(articles(engine, slow_site.base_url)) == set(slow_site.paths)


def run_row(engine: Engine, run_id: int) -> CrawlRun:
    """Return crawl_runs row run_id."""
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        return session.get_one(CrawlRun, run_id)


def crawl_failures(engine: Engine) -> list[tuple[int | None, str]]:
    """Return (run_id, error_class) of the crawl-stage failures."""
    query = select(Failure.run_id, Failure.error_class).where(Failure.stage == "crawl")
    with engine.connect() as conn:
        return [(run_id, error_class) for run_id, error_class in conn.execute(query)]


# Stopping is the subject, not the database: each way of stopping runs once, the databases taking turns.
@pytest.mark.parametrize(
    ("database_url", "signum", "group", "code"),
    [
        ("sqlite", signal.SIGINT, True, 130),
        pytest.param("postgresql", signal.SIGTERM, False, 143, marks=pytest.mark.postgres),
    ],
    ids=["sqlite-ctrl-c", "postgresql-sigterm"],
    indirect=["database_url"],
)
def test_interrupt_stops_the_crawl_closes_the_run_and_a_rerun_fetches_nothing_twice(
    engine: Engine,
    database_url: str,
    slow_site: SlowSite,
    tmp_path: Path,
    signum: int,
    group: bool,
    code: int,
) -> None:
    process = start_run(slow_site, database_url, tmp_path, prefect_api=True)
    tree = wait_until_stalled(engine, slow_site, process)
    started = time.monotonic()
    if group:  # a terminal's Ctrl-C goes to the whole foreground process group
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    try:
        output, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    took = time.monotonic() - started
    print(f"{signal.Signals(signum).name}: `newsingest run` returned after {took:.2f} s")
    assert took < STOPS_WITHIN_S, output[-3000:]
    assert wait_gone(tree, 1.0) == []  # the crawl (and extraction workers) went with it
    # The exit code is the command line's (130 Ctrl-C, 143 SIGTERM).
    assert process.returncode == code, output[-3000:]

    with engine.connect() as conn:
        [(run_id, status)] = conn.execute(select(CrawlRun.id, CrawlRun.status)).all()
    assert status == "interrupted"  # closed right away, not left `running`
    assert run_row(engine, run_id).finished_at is not None
    assert crawl_failures(engine) == [(run_id, "Interrupted")]

    assert_rerun_fetches_nothing_twice(engine, slow_site, tmp_path)


@ON_SQLITE
def test_sigkill_takes_the_crawl_and_prefects_server_along_and_the_next_run_closes_the_row(
    engine: Engine, database_url: str, slow_site: SlowSite, tmp_path: Path
) -> None:
    process = start_run(slow_site, database_url, tmp_path, prefect_api=False)  # its own ephemeral API
    tree = wait_until_stalled(engine, slow_site, process)
    commands = " ".join(" ".join(p.cmdline()) for p in tree)
    assert "uvicorn" in commands and "newsingest.crawl.main" in commands
    process.kill()
    process.communicate(timeout=10)
    assert wait_gone(tree, 8.0) == []  # crawl at once (PR_SET_PDEATHSIG); the API server stops itself
    with engine.connect() as conn:
        [(run_id, status)] = conn.execute(select(CrawlRun.id, CrawlRun.status)).all()
    assert status == "running"  # nobody could close it

    assert_rerun_fetches_nothing_twice(engine, slow_site, tmp_path)
    row = run_row(engine, run_id)
    assert row.status == "interrupted" and "is gone" in row.counters["interrupted"]
    assert (run_id, "Interrupted") in crawl_failures(engine)
    assert count(engine, CrawlRun, CrawlRun.status == "completed") == 1
