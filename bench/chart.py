"""A PNG of throughput and peak RSS against N, one line per stage and side."""

from collections import defaultdict
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers and CI; must precede pyplot's import

import matplotlib.pyplot as plt

BASELINES = ("bare", "raw")  # sides that are a baseline, drawn dashed beside ours


def _series(rows: list[dict[str, Any]], field: str) -> dict[str, list[tuple[int, float]]]:
    lines: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for row in rows:
        # The nothing-new run stores no articles (no rate) and shares the first run's process (same RSS).
        if row["stage"] == "e2e" and row["side"] == "second":
            continue
        lines[f"{row['stage']} {row['side']} ({row['unit']})"].append((row["n"], row[field]))
    return {label: sorted(points) for label, points in sorted(lines.items())}


def draw(rows: list[dict[str, Any]], path: Path) -> None:
    """Write the two panels (throughput, peak RSS; both against N, log scales) to path."""
    figure, (speed, memory) = plt.subplots(1, 2, figsize=(16, 6.5))
    colors = plt.get_cmap("tab20").colors  # type: ignore[attr-defined]
    for axes, field, title in (
        (speed, "rate", "throughput (unit in the legend)"),
        (memory, "peak_rss_mib", "peak RSS (MiB)"),
    ):
        for index, (label, points) in enumerate(_series(rows, field).items()):
            baseline = label.split()[1].startswith(BASELINES)
            axes.plot(
                *zip(*points, strict=True),
                marker="s" if baseline else "o",
                linestyle="--" if baseline else "-",
                color=colors[index % len(colors)],
                label=label,
            )
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("N (articles on the site)")
        axes.set_title(title)
        axes.grid(True, which="both", alpha=0.3)
    handles, labels = speed.get_legend_handles_labels()
    figure.legend(handles, labels, loc="center right", fontsize=8)
    figure.suptitle("newsingest benchmark: ours (solid) beside bare baselines (dashed)")
    figure.tight_layout(rect=(0, 0, 0.8, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
