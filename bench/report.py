"""Print benchmark results as JSON and as a table."""

import json
from typing import Any

from rich.console import Console
from rich.table import Table


def emit(name: str, rows: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> None:
    """Print {"benchmark": name, "rows": rows, ...extra} as JSON, then rows as a table."""
    print(json.dumps({"benchmark": name, "rows": rows, **(extra or {})}, indent=2, default=str))
    if not rows:
        return
    table = Table(title=name)
    for column in rows[0]:
        table.add_column(column, justify="left" if isinstance(rows[0][column], str) else "right")
    for row in rows:
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()))
    Console(width=200).print(table)
