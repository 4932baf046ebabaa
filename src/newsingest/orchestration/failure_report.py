"""A markdown artifact listing a run's failures, so the ops team can act on them from the UI."""

from typing import Any

from prefect.artifacts import create_markdown_artifact
from sqlalchemy import select

from newsingest.db.engine import get_engine
from newsingest.db.models import Failure, table_of

MAX_ROWS = 50


def _cell(value: object) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")[:200]


def failures_markdown(run_ids: list[int]) -> str:
    """Return a markdown report of the failures recorded by the given crawl runs."""
    failures = table_of(Failure)
    with get_engine().connect() as conn:
        rows = conn.execute(
            select(failures)
            .where(failures.c.run_id.in_(run_ids))
            .order_by(failures.c.source, failures.c.stage, failures.c.id)
            .limit(MAX_ROWS + 1)
        ).all()
    if not rows:
        return "# Failures\n\nNo failures in this run."
    lines = [
        "# Failures",
        "",
        f"{min(len(rows), MAX_ROWS)} shown{' (more in the failures table)' if len(rows) > MAX_ROWS else ''}. "
        "Inspect with `newsingest failures --source SLUG`; "
        "re-queue with `newsingest retry-failures --source SLUG`.",
        "",
        "| source | stage | error | HTTP | attempts | URL | detail |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows[:MAX_ROWS]:
        link = f"[{_cell(row.url)}]({row.url})" if str(row.url).startswith("http") else _cell(row.url)
        lines.append(
            f"| {row.source} | {row.stage} | {_cell(row.error_class)} | {_cell(row.http_status)} | "
            f"{row.attempts} | {link} | {_cell(row.detail)} |"
        )
    return "\n".join(lines)


def publish_failures(key: str, summaries: list[dict[str, Any]]) -> None:
    """Publish the failures markdown artifact of a run's sources."""
    run_ids = [int(s["run_id"]) for s in summaries if s.get("run_id") is not None]
    create_markdown_artifact(markdown=failures_markdown(run_ids), key=key, description="Failures of this run")
