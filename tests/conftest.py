"""Shared fixtures: a migrated database per test (SQLite and PostgreSQL), the demo site, Prefect."""

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from newsingest.config import get_settings
from newsingest.db.engine import get_engine
from newsingest.db.migrate import upgrade
from newsingest.demo import DemoSite
from newsingest.prefect_env import apply_prefect_defaults
from newsingest.sources import Source, load_sources, select_sources
from tests.canned_site import CannedDemoSite

apply_prefect_defaults()
# A run waiting for a concurrency slot (the SQLite writer, a source's run) asks again after the slot's average
# hold time, capped by the Prefect server at 30 s; the test servers answer "ask again within 1 s".
os.environ.setdefault("PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS", "1")

pytest_plugins = ["tests.faults.fixtures"]

# The deployment tests share one Prefect server, deployment set and worker per test process
# (tests/deploy/conftest.py): scheduled as one unit of work, they start them once.
DEPLOYMENT_TESTS = ("tests/deploy/test_prefect_server.py::", "tests/deploy/test_fanout.py::")


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Schedule as `-n N` (--dist load) does, except that the deployment tests go to one test process."""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for: xdist's own scheduler
    from xdist.scheduler import LoadScopeScheduling

    class DeploymentsTogether(LoadScopeScheduling):
        """Every test is its own unit of work, but the deployment tests are one."""

        def _split_scope(self, nodeid: str) -> str:
            return "deployment tests" if nodeid.startswith(DEPLOYMENT_TESTS) else nodeid

    return DeploymentsTogether(config, log)  # type: ignore[arg-type]


POSTGRES_URL = os.environ.get(
    "NEWSINGEST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# In CI a missing PostgreSQL is an error, not a skip: the PostgreSQL half of the suite must run.
REQUIRE_POSTGRES = os.environ.get("CI", "").lower() in ("1", "true") or bool(
    os.environ.get("NEWSINGEST_REQUIRE_POSTGRES")
)


def _admin_conninfo() -> str:
    url = make_url(POSTGRES_URL)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _postgres_available() -> str | None:
    try:
        with psycopg.connect(_admin_conninfo(), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


@pytest.fixture(scope="session")
def postgres_template(worker_id: str) -> Iterator[str]:
    """A PostgreSQL database migrated to head, used as the template of every test's database."""
    problem = _postgres_available()
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is required here but unreachable: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    name = f"newsingest_tmpl_{worker_id}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    from newsingest.db.engine import make_engine

    make_engine(url).dispose()
    yield name
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


# A test whose subject is not the database runs on SQLite alone; one of what only PostgreSQL has (a server
# connection to kill, a password in the URL) on PostgreSQL alone.
ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ON_POSTGRESQL = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def _use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("NEWSINGEST_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh database at the latest schema, SQLite and PostgreSQL, set as NEWSINGEST_DATABASE_URL."""
    if request.param == "sqlite":
        path = tmp_path / "newsingest.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
        _use_database(monkeypatch, url)
        yield url
        get_engine().dispose()
        get_engine.cache_clear()
        return
    template = request.getfixturevalue("postgres_template")
    name = f"newsingest_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    _use_database(monkeypatch, url)
    yield url
    get_engine().dispose()
    get_engine.cache_clear()
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def engine(database_url: str) -> Engine:
    """The engine of the test's database."""
    return get_engine(database_url)


@pytest.fixture
def demo_site() -> Iterator[CannedDemoSite]:
    """The bundled demo site, served on 127.0.0.1 with a free port, its requests logged."""
    with CannedDemoSite() as site:
        yield site


@pytest.fixture
def demo_source(demo_site: DemoSite) -> Source:
    """The bundled demo source pointed at the running demo site."""
    bundled = load_sources(get_settings().sources_file)
    return select_sources(bundled, ["demo"])[0].with_base_url(demo_site.base_url)


def write_sources(path: Path, *sources: Source) -> Path:
    """Write sources as a sources.yaml at path and return it."""
    path.write_text(
        yaml.safe_dump({"sources": [s.model_dump(mode="json") for s in sources]}), encoding="utf-8"
    )
    return path


@pytest.fixture
def demo_sources_file(tmp_path: Path, demo_source: Source) -> Path:
    """A sources.yaml holding the demo source at the running demo site."""
    return write_sources(tmp_path / "sources.yaml", demo_source)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A real Prefect API (temporary server and database) for flow tests."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
