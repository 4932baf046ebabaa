"""Plain-text table of an evaluation report."""

from newsingest.evaluation.runner import EvalReport

COLUMNS = ("subset", "extractor", "F1", "precision", "recall", "docs/s", "empty", "empty-where-traf-not")


def format_report(report: EvalReport) -> str:
    """Return the report as an aligned text table, whole set first, then the two halves."""
    rows = [COLUMNS]
    for subset, by_name in report.scores.items():
        for name, s in by_name.items():
            rows.append(
                (
                    subset,
                    name,
                    f"{s.score.f1:.4f}",
                    f"{s.score.precision:.4f}",
                    f"{s.score.recall:.4f}",
                    f"{s.docs_per_s:.1f}",
                    str(s.empty),
                    str(s.empty_where_reference_not),
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    docs = next(iter(report.scores["all"].values())).docs if report.scores["all"] else 0
    lines.append(
        f"{docs} pages, {report.jobs} processes, {report.wall_s:.1f} s wall; docs/s is per core "
        "(extraction time only); halves a/b split by id hash"
    )
    return "\n".join(lines)
