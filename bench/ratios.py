"""The issue's targets, as ratios of two sides measured in the same run."""

from dataclasses import dataclass
from typing import Any

E2E_SIZE_FOR_SECOND_RUN = 10_000  # the size the nothing-new target is stated at (printed at every size)


@dataclass(frozen=True, slots=True)
class Target:
    """A ratio's name, what it divides and its bound (at least or at most)."""

    name: str
    numerator: tuple[str, str]  # (stage, side)
    denominator: tuple[str, str]
    bound: float
    at_least: bool = True
    field: str = "rate"  # compare rates (higher is better) or seconds


TARGETS = (
    Target(
        "e2e articles/s vs bare trafilatura on all cores", ("e2e", "first"), ("extract", "bare_all"), 0.75
    ),
    Target("extract 2 processes vs 1", ("extract", "ours_2"), ("extract", "ours_1"), 1.8),
    Target("extract 1 process vs bare trafilatura", ("extract", "ours_1"), ("extract", "bare_1"), 0.0),
    Target("crawl with raw-page storage vs bare Scrapy", ("crawl", "ours"), ("crawl", "bare"), 0.8),
    Target("SQLite upsert vs raw executemany", ("load", "ours_sqlite"), ("load", "raw_sqlite"), 0.5),
    Target(
        "PostgreSQL upsert vs raw executemany", ("load", "ours_postgresql"), ("load", "raw_postgresql"), 0.5
    ),
    Target(
        "e2e nothing new vs first run (time)", ("e2e", "second"), ("e2e", "first"), 0.05, False, "seconds"
    ),
)
RSS_GROWTH_BOUND = 1.3


def _verdict(value: float, bound: float, at_least: bool) -> str:
    if bound == 0.0:
        return "info"  # reported for reading the others, no target of its own
    return "pass" if (value >= bound if at_least else value <= bound) else "miss"


def _ratio(name: str, n: int, value: float, bound: float, at_least: bool) -> dict[str, Any]:
    target = "" if bound == 0.0 else f"{'>=' if at_least else '<='} {bound}"
    return {
        "ratio": name,
        "n": n,
        "value": round(value, 3),
        "target": target,
        "verdict": _verdict(value, bound, at_least),
    }


def compute_ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return every target ratio the rows allow, plus peak RSS growth between the two largest sizes."""
    by_key = {(row["n"], row["stage"], row["side"]): row for row in rows}
    sizes = sorted({row["n"] for row in rows})
    ratios = []
    for n in sizes:
        for target in TARGETS:
            top, bottom = by_key.get((n, *target.numerator)), by_key.get((n, *target.denominator))
            if top is None or bottom is None or not bottom[target.field]:
                continue
            value = top[target.field] / bottom[target.field]
            ratios.append(_ratio(target.name, n, value, target.bound, target.at_least))
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        for (n, stage, side), row in sorted(by_key.items()):
            before = by_key.get((small, stage, side))
            if n == large and before and before["peak_rss_mib"]:
                growth = row["peak_rss_mib"] / before["peak_rss_mib"]
                name = f"peak RSS {stage} {side}, N={large} vs N={small}"
                ratios.append(_ratio(name, large, growth, RSS_GROWTH_BOUND, False))
    return ratios
