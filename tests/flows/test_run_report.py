"""A run's artifacts on real Prefect: keys per source, a short table, details, and runs with failures marked."""

import asyncio
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from sqlalchemy import Engine
from tests.conftest import ON_SQLITE
from tests.faults.server import FaultServer, Reply
from tests.faults.site import fault_source, rss, run_ingest, serve_articles, summary_of

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


async def _read(run_id: UUID) -> tuple[list[str], dict[str, Any]]:
    async with get_client() as client:
        run = await client.read_flow_run(run_id)
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
    return list(run.tags), {a.key: a for a in artifacts}


@ON_SQLITE
def test_a_clean_run_and_a_run_with_failures_look_different(engine: Engine, tmp_path: Path) -> None:
    with FaultServer() as server:
        paths = serve_articles(server, ["calm", "quiet", "steady"])
        source = fault_source(server, slug="fault_site")  # "_" is not allowed in artifact keys
        clean = run_ingest(tmp_path, source)
        assert summary_of(clean)["failed"] == 0
        tags, artifacts = asyncio.run(_read(clean.state_details.flow_run_id))
        assert "with-failures" not in tags
        assert {"ingest-summary-fault-site", "ingest-summary-fault-site-details"} <= set(artifacts)
        table = artifacts["ingest-summary-fault-site"]
        rows = table.data if isinstance(table.data, list) else json.loads(table.data)
        assert len(rows[0]) <= 8 and rows[0]["source"] == "fault_site" and rows[0]["fetched"] == 3
        assert table.description.startswith("completed without failures: fault_site in this manual run")

        # The feed gains a link whose page fails with HTTP 500 (and its two retries).
        server.routes["/news/broken.html"] = Reply(500, b"<html><body>Internal error</body></html>")
        server.routes["/feed.xml"] = rss([server.url(p) for p in [*paths, "/news/broken.html"]])
        with_failures = run_ingest(tmp_path, source)
    summary = summary_of(with_failures)  # completed: one page failing does not fail the run
    assert summary["failed"] == 1
    tags, artifacts = asyncio.run(_read(with_failures.state_details.flow_run_id))
    assert "with-failures" in tags
    assert artifacts["ingest-summary-fault-site"].description.startswith("completed with 1 failure: ")
    details = artifacts["ingest-summary-fault-site-details"].data
    assert details.startswith("# completed with 1 failure\n")
    assert "- `fetch:fetch/HTTP 500`: 1" in details and "/news/broken.html" in details
