"""Deployments on a real Prefect server with a process worker: ingest, backfill, health and no overlap."""

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from newsingest.db.models import Article, CrawlRun
from newsingest.demo import DemoSite
from newsingest.sources import Source
from tests.canned_site import CannedDemoSite, CannedResponse
from tests.conftest import write_sources

pytestmark = pytest.mark.slow
TIMEOUT = 300


async def _run(env: dict[str, str], name: str, parameters: dict[str, Any]) -> Any:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    flow_run = await run_deployment(name, parameters=parameters, timeout=TIMEOUT, poll_interval=1)
    async with get_client() as client:
        return await client.read_flow_run(flow_run.id)


async def _artifacts(flow_run_id: Any) -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async with get_client() as client:
        return await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )


def on_server(env: dict[str, str]) -> Any:
    """Point this process's Prefect client at the module's server (over any test harness in the session)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    return temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]})


def run_deployment(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, name: str, **parameters: Any) -> Any:
    with on_server(env):
        return asyncio.run(_run(env, name, parameters))


def test_ingest_and_backfill_deployments_complete_with_artifacts(
    deployed: dict[str, str], demo: tuple[DemoSite, Source], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site, source = demo
    sources_file = str(write_sources(tmp_path / "sources.yaml", source))
    run = run_deployment(deployed, monkeypatch, "ingest/manual", sources=["demo"], sources_file=sources_file)
    assert run.state.is_completed(), run.state.message
    with on_server(deployed):
        keys = {a.key: a for a in asyncio.run(_artifacts(run.id))}
    assert (
        keys["ingest-summary-demo"].type == "table" and keys["ingest-summary-demo-details"].type == "markdown"
    )
    engine = create_engine(deployed["NEWSINGEST_DATABASE_URL"])
    with engine.connect() as conn:  # the session's database: the other tests keep to their own sources
        assert (
            conn.execute(
                select(func.count()).select_from(Article).where(Article.source == "demo")
            ).scalar_one()
            == 9
        )
        runs = conn.execute(
            select(CrawlRun.kind, CrawlRun.status, CrawlRun.flow_run_id).where(CrawlRun.source == "demo")
        ).all()
    assert runs == [("manual", "completed", str(run.id))]

    backfill = run_deployment(
        deployed,
        monkeypatch,
        "backfill/manual",
        sources=["demo"],
        since=str(date(2022, 1, 1)),
        until=str(date(2022, 1, 31)),
        sources_file=sources_file,
    )
    assert backfill.state.is_completed(), backfill.state.message
    with on_server(deployed):
        keys = {a.key: a for a in asyncio.run(_artifacts(backfill.id))}
    assert keys["backfill-demo"].type == "progress" and keys["backfill-demo"].data == 100.0
    assert "backfill-summary-demo" in keys
    with engine.connect() as conn:
        kinds = conn.execute(
            select(CrawlRun.kind, CrawlRun.status).where(CrawlRun.source == "demo").order_by(CrawlRun.id)
        ).all()
    assert kinds[-1] == ("backfill", "completed")


def test_health_alerts_naming_a_source_whose_feed_is_gone(
    deployed: dict[str, str],
    demo: tuple[CannedDemoSite, Source],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    webhook: tuple[str, list[dict[str, Any]]],
) -> None:
    site, source = demo
    broken = source.model_copy(update={"slug": "demo-dead-feed", "feeds": ["/gone-feed.xml"]})
    site.overrides["/gone-feed.xml"] = CannedResponse(404, b"not found")
    sources_file = str(write_sources(tmp_path / "sources.yaml", broken))
    run = run_deployment(
        deployed,
        monkeypatch,
        "health/every-15-minutes",
        sources=["demo-dead-feed"],
        sources_file=sources_file,
    )
    # An unhealthy source is the health run's finding, not its failure: it completes, tagged.
    assert run.state.is_completed(), run.state.message
    assert "unhealthy" in run.tags
    with on_server(deployed):
        keys = {a.key for a in asyncio.run(_artifacts(run.id))}
    assert "health-report" in keys
    # The run alerts through the notification block `newsingest setup` saved, naming itself.
    alert = next(b for b in webhook[1] if run.name in str(b))
    assert "PROBLEM demo-dead-feed" in alert["text"] and "gone: HTTP 404" in alert["text"]


def test_a_second_ingest_of_the_same_source_waits_for_the_first(
    deployed: dict[str, str], demo: tuple[DemoSite, Source], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site, source = demo
    slow = source.model_copy(update={"slug": "demo-slow", "download_delay": 0.5})
    sources_file = str(write_sources(tmp_path / "sources.yaml", slow))

    async def both() -> list[Any]:
        return await asyncio.gather(
            _run(deployed, "ingest/manual", {"sources": ["demo-slow"], "sources_file": sources_file}),
            _run(deployed, "ingest/manual", {"sources": ["demo-slow"], "sources_file": sources_file}),
        )

    with on_server(deployed):
        first, second = asyncio.run(both())
    assert first.state.is_completed() and second.state.is_completed()
    engine = create_engine(deployed["NEWSINGEST_DATABASE_URL"])
    with engine.connect() as conn:
        spans = conn.execute(
            select(CrawlRun.started_at, CrawlRun.finished_at)
            .where(CrawlRun.source == "demo-slow")
            .order_by(CrawlRun.started_at)
        ).all()
    assert len(spans) == 2
    assert spans[1].started_at >= spans[0].finished_at  # never overlapped
