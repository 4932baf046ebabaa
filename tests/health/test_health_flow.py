"""The health flow on real Prefect: alerts once through the notification block, then recovery; no traceback."""

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from prefect.blocks.notifications import CustomWebhookNotificationBlock
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogWorker
from sqlalchemy import Engine, select

from newsingest.db.models import HealthAlert
from newsingest.orchestration.health import health
from tests.conftest import write_sources
from tests.faults.server import FaultServer, Reply
from tests.faults.site import fault_source, rss
from tests.health.history import add_runs

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
BLOCK = "newsingest-health-test"


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A local webhook receiver: its URL and the JSON bodies posted to it."""
    posts: list[dict[str, Any]] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    CustomWebhookNotificationBlock(
        name="health test receiver",
        url=f"http://127.0.0.1:{server.server_address[1]}/hook",
        json_data={"text": "{{subject}}\n{{body}}"},
        allow_private_urls=True,  # the receiver is on loopback
    ).save(BLOCK, overwrite=True)
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", posts
    server.shutdown()


async def _run_info(run_id: UUID) -> tuple[list[str], list[Any]]:
    async with get_client() as client:
        run = await client.read_flow_run(run_id)
        logs = await client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
    return list(run.tags), logs


def test_a_gone_feed_alerts_once_with_the_run_link_then_recovers(
    engine: Engine, tmp_path: Path, webhook: tuple[str, list[dict[str, Any]]]
) -> None:
    _url, posts = webhook
    with FaultServer() as site:
        site.routes["/robots.txt"] = Reply(200, b"User-agent: *\n", {"Content-Type": "text/plain"})
        source = fault_source(site, slug="broken")
        now = datetime.now(UTC)
        add_runs(engine, source, [(now - timedelta(minutes=m), 2) for m in (10, 70, 130, 190)])
        sources_file = str(write_sources(tmp_path / "sources.yaml", source))

        def run() -> Any:
            return health(
                sources=["broken"],
                sources_file=sources_file,
                alert_block=f"custom-webhook/{BLOCK}",
                return_state=True,
            )

        first = run()  # /feed.xml answers 404
        assert first.is_completed(), first.message
        assert first.result() == {"broken": [f"feed {site.url('/feed.xml')} gone: HTTP 404"]}
        [alert] = posts
        run_id = first.state_details.flow_run_id
        assert alert["text"].startswith("newsingest health: 1 new problem (broken)\n")
        assert f"PROBLEM broken: feed {site.url('/feed.xml')} gone: HTTP 404" in alert["text"]
        assert f"/runs/flow-run/{run_id}" in alert["text"]  # the run's page in the Prefect UI
        APILogWorker.drain_all(timeout=10)
        tags, logs = asyncio.run(_run_info(run_id))
        assert "unhealthy" in tags
        warnings = [log.message for log in logs if log.level == 30]
        assert any(m.startswith("broken unhealthy: feed") for m in warnings), warnings
        assert not [log.message for log in logs if "Traceback" in log.message or log.level >= 40]

        assert run().is_completed() and len(posts) == 1  # the same problem: no second alert

        site.routes["/feed.xml"] = rss([site.url("/news/a.html")])
        recovered = run()
        assert recovered.is_completed() and recovered.result() == {"broken": []}
        assert len(posts) == 2 and "RECOVERED broken: feed" in posts[1]["text"]
        assert "unhealthy" not in asyncio.run(_run_info(recovered.state_details.flow_run_id))[0]
    with engine.connect() as conn:
        assert conn.execute(select(HealthAlert.cleared_at)).scalar_one() is not None


def test_without_a_notification_block_alerts_are_logged_and_recorded(engine: Engine, tmp_path: Path) -> None:
    with FaultServer() as site:
        source = fault_source(site, slug="never-run")
        sources_file = str(write_sources(tmp_path / "sources.yaml", source))
        state = health(
            sources=["never-run"],
            sources_file=sources_file,
            alert_block="custom-webhook/no-such-block",
            return_state=True,
        )
    assert state.is_completed()
    with engine.connect() as conn:
        problems = set(conn.execute(select(HealthAlert.problem)).scalars())
    assert problems == {"never", f"feed {site.url('/feed.xml')}"}
