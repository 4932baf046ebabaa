"""A crawl process started ahead: it loads Scrapy while the command loads Prefect, then takes the plan."""

import json
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from sqlalchemy import Engine, func, select

from newsingest.crawl import runner
from newsingest.db.models import Page
from tests.conftest import ON_SQLITE
from tests.faults.server import FaultServer
from tests.faults.site import crawl_only, fault_source, serve_articles


def _started_ahead() -> psutil.Process:
    assert runner._warm is not None
    return psutil.Process(runner._warm.process.pid)


def _pages(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(Page)) or 0)


@ON_SQLITE
def test_the_first_crawl_takes_the_process_started_ahead(
    server: FaultServer, database_url: str, engine: Engine
) -> None:
    serve_articles(server, ["one", "two"])
    with runner.warm_crawl(database_url):
        ahead = _started_ahead()
        outcome = crawl_only(fault_source(server), database_url)
        assert runner._warm is None  # taken
        assert not ahead.is_running() or ahead.status() == psutil.STATUS_ZOMBIE
        second = crawl_only(fault_source(server), database_url)  # a fresh process: there is one ahead only
    assert outcome.counter("pages_stored") == 2
    assert second.counter("pages_stored") == 0  # known already
    assert _pages(engine) == 2


@ON_SQLITE
def test_a_process_started_ahead_and_not_used_is_stopped(database_url: str) -> None:
    with runner.warm_crawl(database_url):
        ahead = _started_ahead()
        assert ahead.is_running()
    ahead.wait(timeout=10)
    assert runner._warm is None


@ON_SQLITE
def test_a_process_started_with_other_settings_is_not_used(
    server: FaultServer, database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_articles(server, ["one"])
    with runner.warm_crawl(database_url):
        ahead = _started_ahead()
        # A setting the crawl reads changed after the process started: it would crawl with the old one.
        monkeypatch.setenv("NEWSINGEST_DOWNLOAD_MAXSIZE", "200")
        outcome = crawl_only(fault_source(server), database_url)
        ahead.wait(timeout=10)
    assert outcome.counter("pages_stored") == 0  # the article is larger than 200 bytes: not kept
    assert _pages(engine) == 0


def test_a_crawl_process_whose_stdin_closes_without_arguments_ends_at_once(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "newsingest.crawl.main", "--arguments-on-stdin"]
    # No database is configured that could be reached: the process must not try to open one.
    env = {"PATH": "/usr/bin:/bin", "NEWSINGEST_DATABASE_URL": f"sqlite:///{tmp_path}/missing/x.db"}
    done = subprocess.run(command, input="", env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "missing").exists()


def test_arguments_on_stdin_are_the_command_line_arguments(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "newsingest.crawl.main", "--arguments-on-stdin"]
    arguments = json.dumps(
        ["--plan-file", str(tmp_path / "absent.json"), "--stats-file", str(tmp_path / "s")]
    )
    done = subprocess.run(command, input=arguments + "\n", capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "absent.json" in done.stderr
