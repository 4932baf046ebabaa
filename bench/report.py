"""Print benchmark results as JSON and as a table."""

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table


def print_table(title: str, rows: list[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """Print rows as a table of the given columns (default: every key of the first row)."""
    if not rows:
        return
    columns = list(columns or rows[0])
    table = Table(title=title)
    for column in columns:
        table.add_column(column, justify="left" if isinstance(rows[0].get(column), str) else "right")
    for row in rows:
        table.add_row(
            *(f"{v:.3f}" if isinstance(v, float) else str(v) for v in (row.get(c, "") for c in columns))
        )
    Console(width=200).print(table)


def emit(
    name: str,
    rows: list[dict[str, Any]],
    extra: dict[str, Any] | None = None,
    columns: Sequence[str] | None = None,
) -> None:
    """Print {"benchmark": name, "rows": rows, ...extra} as JSON, then rows as a table."""
    print(json.dumps({"benchmark": name, "rows": rows, **(extra or {})}, indent=2, default=str))
    print_table(name, rows, columns)
