"""Health results for people: an 80-column terminal table, markdown for Prefect, JSON for scripts."""

import json
from datetime import datetime

from rich import box
from rich.console import Console
from rich.table import Table

from newsingest.source_health import SourceHealth, ago

WIDTH = 80


def _last_new(result: SourceHealth, now: datetime) -> str:
    since = result.quiet.since
    return f"{ago(now - since)} ago" if since else "never"


def _short_ago(result: SourceHealth, now: datetime) -> str:
    if result.quiet.since is None:
        return "never"
    hours = int((now - result.quiet.since).total_seconds() // 3600)
    return f"{hours // 24} d ago" if hours >= 48 else f"{hours} h ago"


def health_table(results: list[SourceHealth], now: datetime) -> Table:
    """Return a table of each source's state, its last new article and its problems."""
    unhealthy = sum(not r.healthy for r in results)
    table = Table(
        title=f"Source health: {unhealthy} of {len(results)} unhealthy",
        width=WIDTH,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("source", overflow="fold", max_width=16)
    table.add_column("state", no_wrap=True)
    table.add_column("last new", no_wrap=True)
    table.add_column("problems", overflow="fold", ratio=1)
    for result in results:
        table.add_row(
            result.source,
            "ok" if result.healthy else "UNHEALTHY",
            _short_ago(result, now),
            "\n".join(f"- {p.text}" for p in result.problems) or "-",
        )
    return table


def print_health(results: list[SourceHealth], now: datetime) -> None:
    """Print the health table to stdout, 80 columns wide whatever the terminal or pipe."""
    Console(width=WIDTH).print(health_table(results, now))


def health_json(results: list[SourceHealth], now: datetime) -> str:
    """Return the results as a JSON document."""
    return json.dumps(
        {
            "checked_at": now.isoformat(),
            "healthy": all(r.healthy for r in results),
            "sources": [r.as_dict(now) for r in results],
        },
        indent=2,
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def health_markdown(results: list[SourceHealth], now: datetime, run_url: str | None = None) -> str:
    """Return the health report as markdown (the health flow's artifact)."""
    unhealthy = sum(not r.healthy for r in results)
    lines = [
        "# Source health",
        "",
        f"{unhealthy} of {len(results)} sources unhealthy at {now:%Y-%m-%d %H:%M} UTC."
        + (f" [This run]({run_url})." if run_url else ""),
        "",
        "| source | status | last new | silent after | problems |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        status = "ok" if result.healthy else "**unhealthy**"
        threshold = ago(result.quiet.silent_after) if result.quiet.silent_after else "-"
        problems = "; ".join(_cell(p.text) for p in result.problems) or "-"
        lines.append(f"| {result.source} | {status} | {_last_new(result, now)} | {threshold} | {problems} |")
    return "\n".join(lines)
