"""Tags added to the current flow run, so the Prefect UI can filter runs that need a look."""

from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.runtime import flow_run

WITH_FAILURES = "with-failures"  # an ingest, backfill or reprocess that completed with failures rows
UNHEALTHY = "unhealthy"  # a health run that found unhealthy sources


def tag_flow_run(tag: str) -> bool:
    """Add tag to the current flow run; False outside a flow run."""
    current_id = flow_run.get_id()
    if current_id is None:
        return False
    run_id = UUID(str(current_id))
    with get_client(sync_client=True) as client:
        current = client.read_flow_run(run_id)
        if tag not in current.tags:
            client.update_flow_run(run_id, tags=[*current.tags, tag])
    return True
