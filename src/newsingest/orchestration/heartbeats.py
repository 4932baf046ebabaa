"""Flow-run heartbeats that stop as soon as the run ends, not at the end of a one-second sleep."""

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

FLOW_ENGINE = "prefect.flow_engine"
# What the heartbeats below use of Prefect's flow engine; without any of it Prefect's own are kept.
ENGINE_NEEDS = ("heartbeat_seconds", "_build_heartbeat_event_template", "_emit_flow_run_heartbeat")


@contextmanager
def _heartbeats(engine: Any, join_on_exit: bool = True) -> Iterator[None]:
    """Emit the run's heartbeat at once and every interval until the block ends, as Prefect's do."""
    from prefect.flow_engine import MINIMUM_HEARTBEAT_INTERVAL

    seconds = engine.heartbeat_seconds
    if seconds is None:
        yield
        return
    seconds = max(seconds, MINIMUM_HEARTBEAT_INTERVAL)
    resource, related = engine._build_heartbeat_event_template()
    stop = threading.Event()

    def beat() -> None:
        while not stop.is_set():
            run = engine.flow_run
            if run is not None and run.state is not None and run.state.is_final():
                return
            try:
                engine._emit_flow_run_heartbeat(resource, related)
            except Exception:
                engine.logger.debug("Failed to emit heartbeat", exc_info=True)
            # Prefect's own sleep in one-second steps, so the join at the run's end waited up to a second
            # (half a second on average) before every run could finish; the event ends the wait at once.
            stop.wait(seconds)

    # The thread sees the run's context (its settings, so its API URL), as Prefect's does.
    thread = threading.Thread(
        target=contextvars.copy_context().run, args=(beat,), name="flow-run-heartbeat", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        if join_on_exit:
            thread.join(timeout=2)


def use_quick_heartbeats(flow_engine: ModuleType) -> None:
    """Make Prefect's flow engine module send these heartbeats, when it has everything they use."""
    base = getattr(flow_engine, "BaseFlowRunEngine", None)
    if (
        base is None
        or not hasattr(flow_engine, "_send_heartbeats")
        or not hasattr(flow_engine, "MINIMUM_HEARTBEAT_INTERVAL")
        or not all(hasattr(base, name) for name in ENGINE_NEEDS)
    ):
        return  # another Prefect release: keep its heartbeats, slower to stop but right
    flow_engine._send_heartbeats = _heartbeats  # type: ignore[attr-defined]


def install() -> None:
    """Use these heartbeats for every flow run of this process, once Prefect's flow engine is loaded."""
    from newsingest.prefect_env import patch_when_imported

    patch_when_imported(FLOW_ENGINE, use_quick_heartbeats)
