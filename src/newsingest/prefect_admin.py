"""Prefect server administration for `setup` and `serve`: the work pool and every deployment."""

from typing import Any

from newsingest.deployments import WORK_POOL, deployment_specs
from newsingest.errors import NewsingestError
from newsingest.sources import Source


def require_server() -> str:
    """Return the Prefect API URL, refusing Prefect's ephemeral API (it runs no scheduler)."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise NewsingestError(
            "scheduling needs a Prefect server, but PREFECT_API_URL is not set and Prefect's ephemeral "
            "API runs no scheduler: start one (`prefect server start`) and set PREFECT_API_URL; see deploy/"
        )
    return str(url)


def ensure_work_pool() -> bool:
    """Create the process work pool the deployments use; return False when it already exists."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists

    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(WorkPoolCreate(name=WORK_POOL, type="process"))
        except ObjectAlreadyExists:
            return False
    return True


def runner_deployments(sources: list[Source]) -> list[Any]:
    """Return a runner deployment of every deployment spec, for `prefect.serve`."""
    from newsingest.orchestration.backfill import backfill
    from newsingest.orchestration.fanout import backfill_chunk
    from newsingest.orchestration.health import health
    from newsingest.orchestration.ingest import ingest
    from newsingest.orchestration.prune import prune
    from newsingest.orchestration.reprocess import reprocess

    # Keyed by each flow's own name, so a deployment spec names a flow exactly as Prefect does.
    flows: dict[str, Any] = {f.name: f for f in (ingest, backfill, backfill_chunk, reprocess, prune, health)}
    return [
        flows[spec.flow].to_deployment(
            name=spec.name,
            cron=spec.cron,
            interval=spec.interval_s,
            parameters=spec.parameters,
            description=spec.description,
            tags=list(spec.tags),
            concurrency_limit=spec.concurrency,
        )
        for spec in deployment_specs(sources)
    ]
