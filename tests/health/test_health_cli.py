"""`newsingest health` through the installed script's main(): exit 0 healthy, 1 unhealthy, 2 a mistake."""

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from newsingest.db.engine import make_engine
from newsingest.sources import Source
from tests.cli.helpers import one_line_error, run_newsingest
from tests.conftest import write_sources
from tests.faults.server import FaultServer, Reply
from tests.faults.site import fault_source, rss
from tests.health.history import add_runs


@pytest.fixture
def site() -> Any:
    with FaultServer() as server:
        server.routes["/robots.txt"] = Reply(200, b"User-agent: *\n", {"Content-Type": "text/plain"})
        server.routes["/feed.xml"] = rss([server.url("/news/a.html")])
        yield server


@pytest.fixture
def database(tmp_path: Path, sqlite_template: Path) -> Any:
    path = tmp_path / "newsingest.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield path, engine
    engine.dispose()


def health(database: tuple[Path, Engine], sources_file: Path, *args: str) -> Any:
    env = {
        "NEWSINGEST_DATABASE_URL": f"sqlite:///{database[0]}",
        "NEWSINGEST_SOURCES_FILE": str(sources_file),
    }
    return run_newsingest("health", *args, env=env)


def recently_ingested(engine: Engine, source: Source) -> None:
    now = datetime.now(UTC)
    add_runs(engine, source, [(now - timedelta(minutes=m), 2) for m in (20, 80, 140, 200)])


def test_healthy_sources_exit_0_with_a_table_of_80_columns(
    database: tuple[Path, Engine], site: FaultServer, tmp_path: Path
) -> None:
    source = fault_source(site, slug="faults-with-a-rather-long-slug-name")
    recently_ingested(database[1], source)
    result = health(database, write_sources(tmp_path / "sources.yaml", source))
    assert (result.returncode, result.stderr) == (0, ""), result
    assert "0 of 1 unhealthy" in result.stdout and " ok " in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_an_unhealthy_source_exits_1_and_says_why(
    database: tuple[Path, Engine], site: FaultServer, tmp_path: Path
) -> None:
    healthy, broken = fault_source(site, slug="fine"), fault_source(site, slug="broken", feeds=["/gone.xml"])
    for source in (healthy, broken):
        recently_ingested(database[1], source)
    sources_file = write_sources(tmp_path / "sources.yaml", healthy, broken)
    result = health(database, sources_file)
    assert (result.returncode, result.stderr) == (1, ""), result
    assert "1 of 2 unhealthy" in result.stdout and "UNHEALTHY" in result.stdout
    assert "gone: HTTP 404" in " ".join(result.stdout.split())
    assert max(len(line) for line in result.stdout.splitlines()) <= 80

    as_json = health(database, sources_file, "--json")
    assert as_json.returncode == 1
    report = json.loads(as_json.stdout)
    assert report["healthy"] is False
    by_source = {s["source"]: s for s in report["sources"]}
    assert by_source["fine"]["healthy"] and by_source["fine"]["problems"] == []
    [problem] = by_source["broken"]["problems"]
    assert problem == {
        "check": f"feed {site.url('/gone.xml')}",
        "detail": f"feed {site.url('/gone.xml')} gone: HTTP 404",
    }

    only_fine = health(database, sources_file, "--source", "fine", "--no-probe")
    assert only_fine.returncode == 0, only_fine


def test_a_never_ingested_source_is_unhealthy_without_probing(
    database: tuple[Path, Engine], site: FaultServer, tmp_path: Path
) -> None:
    result = health(database, write_sources(tmp_path / "sources.yaml", fault_source(site)), "--no-probe")
    assert result.returncode == 1 and "never ingested successfully" in result.stdout
    assert site.log == []


def test_an_unknown_source_is_a_one_line_mistake(
    database: tuple[Path, Engine], site: FaultServer, tmp_path: Path
) -> None:
    result = health(
        database, write_sources(tmp_path / "sources.yaml", fault_source(site)), "--source", "nosuch"
    )
    assert result.returncode == 2
    assert "nosuch" in one_line_error(result)
