"""Plain-text tables of an evaluation report (80 columns)."""

from newsingest.evaluation.compare import EvalReport

COLUMNS = ("part", "extractor", "F1", "prec", "recall", "docs/s", "empty", "lost")
PART_LABELS = {"all": "all", "a": "a", "b": "b"}
RIGHT = {2, 3, 4, 5, 6, 7}  # numbers align right


def aligned(rows: list[tuple[str, ...]], right: set[int], gap: str = "  ") -> list[str]:
    """Return rows as lines of padded cells: the columns in right aligned right, the rest left."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        gap.join(
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def format_report(report: EvalReport) -> str:
    """Return the report as an aligned text table: whole set, tuning part a, validation part b."""
    rows: list[tuple[str, ...]] = [COLUMNS]
    for subset, by_name in report.scores.items():
        for name, s in by_name.items():
            rows.append(
                (
                    PART_LABELS.get(subset, subset),
                    name,
                    f"{s.score.f1:.4f}",
                    f"{s.score.precision:.4f}",
                    f"{s.score.recall:.4f}",
                    f"{s.docs_per_s:.1f}",
                    str(s.empty),
                    str(s.empty_where_reference_not),
                )
            )
    parts = ", ".join(
        f"{subset} {next(iter(report.scores[subset].values())).docs} pages/{report.sites(subset)} sites"
        for subset in ("a", "b")
        if report.scores.get(subset)
    )
    lines = [f"{report.name or 'evaluation set'} ({report.metric})", *aligned(rows, RIGHT)]
    lines.append(f"parts by site: {parts}; a tunes, b validates")
    lines.append(f"{report.jobs} processes, {report.wall_s:.1f} s wall; docs/s per core of extraction")
    lines.append("lost: pages left empty where trafilatura-no-comments gives text")
    return "\n".join(lines)
