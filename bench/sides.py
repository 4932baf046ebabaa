"""Measure the sides of a comparison in alternating order and summarise each as one result row."""

import statistics
from typing import Any

from bench.memory import ChildResult, run_child

# A row's columns, in table order; details stay in the JSON.
COLUMNS = ("n", "stage", "side", "processed", "seconds", "rate", "unit", "peak_rss_mib", "repeats")


def measure_sides(module: str, sides: dict[str, list[str]], repeats: int) -> dict[str, list[ChildResult]]:
    """Run each side's child repeats times; each round reverses the order so drift hits both sides."""
    results: dict[str, list[ChildResult]] = {side: [] for side in sides}
    names = list(sides)
    for round_number in range(repeats):
        for side in names if round_number % 2 == 0 else reversed(names):
            results[side].append(run_child(module, sides[side]))
    return results


def summarize(
    n: int,
    stage: str,
    side: str,
    unit: str,
    runs: list[ChildResult],
    keys: tuple[str, str] = ("seconds", "processed"),
) -> dict[str, Any]:
    """Return the row of one side: median seconds, rate from it, the highest peak RSS of any run."""
    seconds_key, processed_key = keys
    seconds = statistics.median(run.result[seconds_key] for run in runs)
    # Every run must process everything; the smallest count is the one that could fall short.
    processed = min(run.result[processed_key] for run in runs)
    details = {k: v for k, v in runs[-1].result.items() if k not in keys}
    return {
        "n": n,
        "stage": stage,
        "side": side,
        "processed": processed,
        "seconds": round(seconds, 3),
        "rate": round(processed / seconds, 2) if seconds else 0.0,
        "unit": unit,
        "peak_rss_mib": max(run.peak_rss_mib for run in runs),
        "repeats": len(runs),
        "all_seconds": [round(run.result[seconds_key], 3) for run in runs],
        "details": details,
    }
