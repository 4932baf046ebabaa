"""The health flow: checks every enabled source and fails, naming them, when any is unhealthy."""

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from newsingest.db.engine import get_engine
from newsingest.health import HealthPolicy, check_source, health_markdown
from newsingest.orchestration.ingest import load_selected


@flow(name="health", log_prints=True)
def health(
    sources: list[str] | None = None,
    sources_file: str | None = None,
    stale_factor: float = 3.0,
    failure_rate: float = 0.2,
) -> dict[str, list[str]]:
    """Check sources; publish a report; fail the run (for automations to notify) when one is unhealthy."""
    policy = HealthPolicy(stale_factor=stale_factor, failure_rate=failure_rate)
    results = [check_source(get_engine(), source, policy) for source in load_selected(sources, sources_file)]
    create_markdown_artifact(
        markdown=health_markdown(results), key="health-report", description="Source health"
    )
    unhealthy = [r for r in results if not r.healthy]
    for result in results:
        get_run_logger().info("%s: %s", result.source, "; ".join(result.problems) or "ok")
    if unhealthy:
        raise RuntimeError(
            "unhealthy sources: " + " | ".join(f"{r.source}: {'; '.join(r.problems)}" for r in unhealthy)
        )
    return {r.source: r.problems for r in results}
