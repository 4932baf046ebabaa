"""Flow-run heartbeats: frequent enough for the crash automation, sent, and stopped with the run."""

import asyncio
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import yaml
from prefect import flow

import newsingest.orchestration  # noqa: F401 - as every flow module of ours: installs the heartbeats

ROOT = Path(__file__).resolve().parents[2]


def _crash_window_seconds() -> int:
    shipped = yaml.safe_load((ROOT / "deploy" / "automations.yaml").read_text(encoding="utf-8"))
    (crash,) = [a for a in shipped["automations"] if a["actions"][0]["type"] == "change-flow-run-state"]
    return int(crash["trigger"]["within"])


def test_command_line_runs_beat_often_enough_for_the_crash_automation(tmp_path: Path) -> None:
    # A fresh process with none of Prefect's settings, as a user's shell: what the command line sets.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path)
    code = (
        "from newsingest.prefect_env import apply_prefect_defaults\n"
        "apply_prefect_defaults()\n"
        "from prefect.settings import get_current_settings\n"
        "print(get_current_settings().flows.heartbeat_frequency)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    beat = int(done.stdout.strip())
    # Three beats within the window, as on the workers: one late beat must not crash a healthy run.
    assert beat * 3 <= _crash_window_seconds()


@flow(name="heartbeat-probe")
def _probe() -> str:
    from prefect.runtime import flow_run

    alive = [t.name for t in threading.enumerate() if t.name == "flow-run-heartbeat"]
    return f"{flow_run.id} {len(alive)}"


def _heartbeats_of(run_id: UUID, since: datetime) -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter, EventResourceFilter

    async def read() -> list[Any]:
        event_filter = EventFilter(
            event=EventNameFilter(name=["prefect.flow-run.heartbeat"]),
            resource=EventResourceFilter(id=[f"prefect.flow-run.{run_id}"]),
            occurred=EventOccurredFilter(since=since, until=datetime.now(UTC) + timedelta(minutes=1)),
        )
        async with get_client() as client:
            return list((await client.read_events(filter=event_filter, limit=10)).events)

    return asyncio.run(read())


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_sends_its_heartbeat_and_stops_them_when_it_ends() -> None:
    from prefect.events.worker import EventsWorker

    since = datetime.now(UTC) - timedelta(seconds=5)
    run_id, alive_during = _probe().split()
    assert alive_during == "1"  # our heartbeats, not Prefect's own, beat during the run
    assert not [t for t in threading.enumerate() if t.name == "flow-run-heartbeat"]
    EventsWorker.drain_all()
    found: list[Any] = []
    for _ in range(50):  # the server stores events a moment after it receives them
        found = _heartbeats_of(UUID(run_id), since)
        if found:
            break
        threading.Event().wait(0.2)
    assert found, "no heartbeat event for the run"
