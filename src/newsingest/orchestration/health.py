"""The health flow: checks every enabled source, alerts once per problem, reminds, tells of recoveries.

An unhealthy source is what this flow exists to find, not a failure of it: the run completes, tagged
`unhealthy`, with a warning line per source. It fails only when it cannot check or cannot send an alert.
"""

import logging
from datetime import UTC, datetime, timedelta

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from newsingest.config import get_settings
from newsingest.db.engine import get_engine
from newsingest.health_alerts import Review, alert_lines, alert_subject, commit_alerts, review_alerts
from newsingest.health_report import health_markdown
from newsingest.orchestration.alerts import BLOCK_REF, flow_run_link, send_alert
from newsingest.orchestration.run_tags import UNHEALTHY, tag_flow_run
from newsingest.orchestration.source_run import load_selected
from newsingest.source_health import HealthPolicy, ProbeOptions, SourceHealth, check_source


def _alert(review: Review, block_ref: str | None) -> None:
    """Log and send the review's notices (a recovery is news too, but not a warning)."""
    logger = get_run_logger()
    lines = alert_lines(review.notices, review.now)
    for notice, line in zip(review.notices, lines, strict=True):
        logger.log(logging.INFO if notice.kind == "recovered" else logging.WARNING, "alert: %s", line)
    link = flow_run_link()
    footer = f"health run {flow_run.get_name() or '-'}" + (f": {link}" if link else "")
    if not send_alert(block_ref, alert_subject(review.notices), "\n".join([*lines, footer])):
        logger.info("alerts are logged only: no notification block %s (see `newsingest setup`)", block_ref)


@flow(name="health", log_prints=True)
def health(
    sources: list[str] | None = None,
    sources_file: str | None = None,
    stale_factor: float = 3.0,
    failure_rate: float = 0.2,
    reminder_hours: float = 24.0,
    alert_block: str | None = BLOCK_REF,
) -> dict[str, list[str]]:
    """Check sources; publish a report; alert new problems once, remind after reminder_hours, recoveries."""
    logger = get_run_logger()
    settings = get_settings()
    policy = HealthPolicy(stale_factor=stale_factor, failure_rate=failure_rate)
    probe = ProbeOptions.from_settings(settings)
    engine = get_engine()
    now = datetime.now(UTC)
    results: list[SourceHealth] = [
        check_source(engine, source, policy, now, probe)
        for source in load_selected(sources, sources_file, settings.sources_file)
    ]
    unhealthy = [r for r in results if not r.healthy]
    create_markdown_artifact(
        markdown=health_markdown(results, now, flow_run_link()),
        key="health-report",
        description=f"{len(unhealthy)} of {len(results)} sources unhealthy",
    )
    for result in results:
        if result.healthy:
            logger.info("%s: ok", result.source)
        else:
            logger.warning("%s unhealthy: %s", result.source, "; ".join(p.text for p in result.problems))
    review = review_alerts(engine, results, now, timedelta(hours=reminder_hours))
    if review.notices:
        _alert(review, alert_block)
    commit_alerts(engine, review)
    if unhealthy:
        tag_flow_run(UNHEALTHY)
    return {r.source: [p.text for p in r.problems] for r in results}
