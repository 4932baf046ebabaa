"""A run's artifacts per source: a short table, a markdown page of details and failures; failures tagged.

Keys are per source (`<key>-<slug>`, `<key>-<slug>-details`), so each source's history reads on its own
in the Prefect UI; a run that completed with failures says so first and carries the `with-failures` tag.
"""

import re
from typing import Any

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from sqlalchemy import select

from newsingest.db.engine import get_engine
from newsingest.db.models import Failure, table_of
from newsingest.orchestration.run_tags import WITH_FAILURES, tag_flow_run

MAX_ROWS = 50
TABLE_COLUMNS = ("source", "status", "fetched", "new", "updated", "duplicates", "failed", "duration_s")
# Counts of the details page, beside the table's; nested ones (by class, by rule) get their own lists.
DETAIL_COUNTS = (
    "discovered",
    "skipped_known",
    "processed",
    "unchanged",
    "not_modified",
    "undated",
    "offsite_links",
    "stories_new",
    "stories_joined",
)


def _cell(value: object) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")[:200]


def artifact_key(*parts: str) -> str:
    """Return parts as one Prefect artifact key: lowercase letters, digits and dashes only."""
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def headline(summary: dict[str, Any]) -> str:
    """Return how one source's part of a run ended: completed with N failures, without, or failed."""
    if summary["status"] != "completed":
        return f"{summary['status']}: {_cell(summary.get('error') or 'see the run log')}"
    failed = int(summary.get("failed", 0))
    return f"completed with {failed} failure{'s' * (failed != 1)}" if failed else "completed without failures"


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
        return "## Failures\n\nNo failures in this run."
    lines = [
        "## Failures",
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


def _by(title: str, counts: dict[str, Any]) -> list[str]:
    if not counts:
        return []
    return [f"## {title}", "", *(f"- `{k}`: {v}" for k, v in sorted(counts.items())), ""]


def details_markdown(kind: str, summary: dict[str, Any]) -> str:
    """Return one source's details page: how it ended, every count, failures by class, drops, failures."""
    lines = [f"# {headline(summary)}", "", f"`{summary['source']}` in a newsingest {kind} run.", ""]
    if summary.get("error"):
        lines += [f"Error: {_cell(summary['error'])}", ""]
    lines += ["| count | value |", "|---|---|"]
    lines += [f"| {name} | {_cell(summary.get(name))} |" for name in (*TABLE_COLUMNS[2:], *DETAIL_COUNTS)]
    lines.append("")
    lines += _by("Failures by class", summary.get("failed_by_class") or {})
    lines += _by("Lines dropped by cleaning rule", summary.get("dropped_by_rule") or {})
    run_id = summary.get("run_id")
    lines.append(failures_markdown([int(run_id)]) if run_id is not None else "")
    return "\n".join(lines)


def publish_run_report(key: str, kind: str, summaries: list[dict[str, Any]]) -> int:
    """Publish each source's table and details artifacts; tag the run when it has failures; return them."""
    logger = get_run_logger()
    total = 0
    for summary in summaries:
        source_key = artifact_key(key, summary["source"])
        line = headline(summary)
        create_markdown_artifact(
            key=f"{source_key}-details",
            markdown=details_markdown(kind, summary),
            description=f"{line}: {summary['source']} in this {kind} run, every count and failure",
        )
        create_table_artifact(
            key=source_key,
            table=[{column: summary.get(column) for column in TABLE_COLUMNS}],
            description=f"{line}: {summary['source']} in this {kind} run; details in `{source_key}-details`",
        )
        failed = int(summary.get("failed", 0))
        total += failed
        if failed and summary["status"] == "completed":
            logger.warning("%s %s; see artifact %s-details", summary["source"], line, source_key)
    if total:
        tag_flow_run(WITH_FAILURES)
    return total
