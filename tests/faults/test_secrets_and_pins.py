"""Secrets never leak from database URLs; dependencies stay at releases with the known fixes."""

import asyncio
import json
import logging
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    FlowRunFilter,
    FlowRunFilterId,
    LogFilter,
    LogFilterFlowRunId,
)
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.engine import make_url

from newsingest.config import get_settings
from newsingest.db.engine import get_engine
from newsingest.db.models import CrawlRun, Failure, SourceRow
from newsingest.orchestration import tasks
from tests.conftest import ON_POSTGRESQL
from tests.faults.server import FaultServer, Reply
from tests.faults.site import fault_source, run_ingest, serve_articles

MARKER = "pw-LEAKCHECK-5b9e"


def flow_run_records(flow_run_id: Any) -> list[str]:
    """Return the flow run's parameters, logs and artifacts as text."""

    async def read() -> list[str]:
        async with get_client() as client:
            run = await client.read_flow_run(flow_run_id)
            logs = await client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
            )
            artifacts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
            )
            runs = await client.read_flow_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
        return [
            json.dumps(run.parameters),
            *(log.message for log in logs),
            *(json.dumps(a.data, default=str) for a in artifacts),
            *(str(r.state.message if r.state else "") for r in runs),
        ]

    return asyncio.run(read())


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
@ON_POSTGRESQL  # SQLite URLs carry no password
def test_secrets_database_password_never_in_logs_params_artifacts_or_failures(
    engine: Engine,
    database_url: str,
    server: FaultServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The test server trusts local connections, so any password works: it only has to never show up.
    secret_url = make_url(database_url).set(password=MARKER).render_as_string(hide_password=False)
    monkeypatch.setenv("NEWSINGEST_DATABASE_URL", secret_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    paths = serve_articles(server, ["calm-day", "broken"])
    server.routes[paths[1]] = Reply(500, b"error")
    caplog.set_level(logging.DEBUG)
    source = fault_source(server)
    good = run_ingest(tmp_path, source)
    assert good.is_completed()
    # Then the database goes away at load time, behind a URL holding the password too.
    down = create_engine(f"postgresql+psycopg://postgres:{MARKER}@127.0.0.1:1/down")
    monkeypatch.setattr(tasks, "get_engine", lambda: down)
    bad = run_ingest(tmp_path, source)
    assert bad.is_failed()

    texts = [caplog.text]
    for state in (good, bad):
        texts += flow_run_records(state.state_details.flow_run_id)
    with engine.connect() as conn:
        texts += [str(row) for row in conn.execute(select(Failure.url, Failure.detail))]
        texts += [
            json.dumps(row, default=str) for row in conn.execute(select(CrawlRun.params, CrawlRun.counters))
        ]
        texts += [json.dumps(row[0]) for row in conn.execute(select(SourceRow.config))]
        assert conn.execute(select(Failure.detail).where(Failure.stage == "fetch")).scalar_one()
    leaks = [t[:200] for t in texts if MARKER in t]
    assert leaks == []
    assert any("processing failed" in t for t in texts)  # the outage itself is explained


PINS = {
    "scrapy": ("2.13.4", "decompression-bomb limits applied while decoding (DOWNLOAD_MAXSIZE)"),
    "brotli": ("1.2", "incremental brotli output, so Scrapy stops at the size limit"),
    "lxml": ("6.1.3", "libxml2 security fixes for feeds, sitemaps and HTML"),
    "trafilatura": ("2.3.1", "the extraction baseline and its fixes"),
}


@pytest.mark.parametrize("package", sorted(PINS))
def test_pins_installed_releases_have_the_known_fixes(package: str) -> None:
    minimum, why = PINS[package]
    assert Version(version(package)) >= Version(minimum), why
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"{package}>={minimum}' in pyproject.lower()
