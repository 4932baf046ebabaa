"""A run's per-source summary: one dict per source, the rows of the Prefect table artifact."""

from collections.abc import Sequence
from typing import Any

from newsingest.crawl.runner import CrawlOutcome
from newsingest.orchestration.checks import CheckResult, failed_checks
from newsingest.process import ProcessCounts


def source_summary(
    slug: str,
    run_id: int,
    status: str,
    crawl: CrawlOutcome | None,
    processed: ProcessCounts | None,
    duration_s: float,
    error: str | None = None,
    checks: Sequence[CheckResult] = (),
) -> dict[str, Any]:
    """Return the counts of one source's part of a run; checks lists the run's failed checks by name."""
    processed_dict = processed.as_dict() if processed else {}
    crawl_failures = crawl.failed_by_class() if crawl else {}
    failed = [check.name for check in failed_checks(checks)]
    failed_by_class = {
        **{f"fetch:{k}": v for k, v in crawl_failures.items()},
        **processed_dict.get("failed_by_class", {}),
        **{f"check:{name}": 1 for name in failed},  # each is a failures row, like the others
    }
    return {
        "source": slug,
        "run_id": run_id,
        "status": status,
        "discovered": crawl.counter("discovered") if crawl else 0,
        "skipped_known": crawl.counter("skipped_known") if crawl else 0,
        "fetched": crawl.counter("pages_stored") if crawl else 0,
        "processed": processed_dict.get("pages", 0),
        "new": processed_dict.get("new", 0),
        "updated": processed_dict.get("updated", 0),
        "unchanged": processed_dict.get("unchanged", 0),
        "duplicates": processed_dict.get("duplicates", 0),  # near-copies and identical texts
        # Articles (not copies) that started a story, and that joined a stored or earlier one by their words.
        "stories_new": processed.loaded.stories_new if processed else 0,
        "stories_joined": processed.loaded.stories_joined if processed else 0,
        "failed": sum(failed_by_class.values()),
        "failed_by_class": failed_by_class,
        "undated": processed_dict.get("undated", 0),
        "not_modified": crawl.counter("not_modified") if crawl else 0,
        "offsite_links": crawl.counter("offsite_links") if crawl else 0,
        "dropped_by_rule": processed_dict.get("dropped_by_rule", {}),
        "duration_s": round(duration_s, 2),
        "checks": failed,
        "error": error,
    }


def artifact_rows(summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return summaries flattened for a table artifact (nested counts as short text)."""
    rows = []
    for summary in summaries:
        row = {k: v for k, v in summary.items() if not isinstance(v, dict)}
        row["checks"] = ", ".join(summary.get("checks", []))  # the failed checks' names
        row["failed_by_class"] = ", ".join(f"{k}={v}" for k, v in sorted(summary["failed_by_class"].items()))
        row["dropped_by_rule"] = ", ".join(f"{k}={v}" for k, v in sorted(summary["dropped_by_rule"].items()))
        rows.append(row)
    return rows
