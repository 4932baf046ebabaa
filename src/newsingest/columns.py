"""Tables that fit the terminal: columns sized to their cells, flexible ones cropped, short times and URLs."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

GAP = 2  # columns apart: a space of padding and the header rule's blank separator
ELLIPSIS = "…"
# A cell is one line, or a main line and a dimmed second line (a title and its URL).
Cell = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Col:
    """A column: its header, alignment and whether it gives up width when the table is too wide."""

    header: str
    right: bool = False
    flex: int = 0  # 0: as wide as its widest cell; n > 0: a share n of what the fixed columns leave
    floor: int = 0  # the narrowest a flexible column gets; never narrower than its header
    tail: bool = False  # cropped from the left, keeping the end (URL paths, where the slug is)
    tail_below: bool = True  # the same for the dimmed second line of (main, below) cells


def crop(text: str, width: int, tail: bool = False) -> str:
    """Return text cut to width terminal cells, an ellipsis marking the cut (at the start when tail)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    if not tail:
        return set_cell_size(text, width - 1) + ELLIPSIS
    kept: list[str] = []
    used = 0
    for char in reversed(text):
        used += cell_len(char)
        if used > width - 1:
            break
        kept.append(char)
    return ELLIPSIS + "".join(reversed(kept))


def _lines(cell: Cell) -> tuple[str, ...]:
    return (cell[0], cell[1]) if isinstance(cell, tuple) else tuple(cell.splitlines() or [""])


class FittedTable:
    """A table laid out for the width it is printed at: fixed columns whole, flexible ones share the rest.

    Headers and fixed columns are never cut; flexible columns are cropped with an ellipsis down to
    their floor. Cells are plain text (never rich markup: titles may hold brackets).
    """

    def __init__(self, title: str | None, columns: Sequence[Col]) -> None:
        """Start an empty table."""
        self.title = title
        self.columns = list(columns)
        self.rows: list[tuple[Cell, ...]] = []

    def add_row(self, *cells: Cell) -> None:
        """Append a row of one cell per column."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(cells)

    def _natural(self) -> list[int]:
        widths = [cell_len(column.header) for column in self.columns]
        for row in self.rows:
            for index, cell in enumerate(row):
                widths[index] = max(widths[index], *(cell_len(line) for line in _lines(cell)))
        return widths

    def widths(self, max_width: int) -> list[int]:
        """Return each column's width when the table is printed in max_width cells."""
        widths = self._natural()
        flexible = [i for i, column in enumerate(self.columns) if column.flex]
        fixed = sum(w for i, w in enumerate(widths) if i not in flexible) + GAP * (len(widths) - 1)
        room = max_width - fixed
        if sum(widths[i] for i in flexible) <= room:
            return widths
        natural = {i: widths[i] for i in flexible}
        for i in flexible:
            widths[i] = min(natural[i], max(cell_len(self.columns[i].header), self.columns[i].floor))
        # Floors that do not fit give way, widest first, down to their headers.
        while sum(widths[i] for i in flexible) > room:
            widest = max(flexible, key=lambda i: widths[i] - cell_len(self.columns[i].header))
            if widths[widest] <= cell_len(self.columns[widest].header):
                break
            widths[widest] -= 1
        spare = room - sum(widths[i] for i in flexible)
        # Water-filling: the spare cells go out by share to the columns still short of their width.
        while spare > 0:
            short = [i for i in flexible if widths[i] < natural[i]]
            if not short:
                break
            shares = sum(self.columns[i].flex for i in short)
            given = 0
            for i in short:
                part = max(1, spare * self.columns[i].flex // shares)
                part = min(part, natural[i] - widths[i], spare - given)
                widths[i] += part
                given += part
            spare -= given
            if given == 0:
                break
        return widths

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """Return the narrowest and widest this table can be."""
        natural = self._natural()
        gaps = GAP * (len(natural) - 1)
        floors = [
            w if not c.flex else min(w, max(cell_len(c.header), c.floor))
            for w, c in zip(natural, self.columns, strict=True)
        ]
        return Measurement(sum(floors) + gaps, sum(natural) + gaps).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Render as a rich Table whose cells are already cropped to their columns."""
        widths = self.widths(options.max_width)
        table = Table(
            title=self.title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            collapse_padding=True,
        )
        for column, width in zip(self.columns, widths, strict=True):
            table.add_column(
                column.header, width=width, no_wrap=True, justify="right" if column.right else "left"
            )
        for row in self.rows:
            table.add_row(
                *(
                    self._text(cell, width, column)
                    for cell, width, column in zip(row, widths, self.columns, strict=True)
                )
            )
        yield table

    @staticmethod
    def _text(cell: Cell, width: int, column: Col) -> Text:
        if isinstance(cell, tuple):
            text = Text(crop(cell[0], width, column.tail))
            text.append("\n" + crop(cell[1], width, column.tail_below), style="dim")
            return text
        return Text("\n".join(crop(line, width, column.tail) for line in _lines(cell)))


def ago(value: datetime | None, now: datetime, never: str = "never") -> str:
    """Return how long ago value was ("3 min ago", "2 d ago"), or its date when over 30 days."""
    if value is None:
        return never
    seconds = (now - value).total_seconds()
    if seconds < -60:  # a clock ahead of ours, or a date in the future
        return value.astimezone(UTC).strftime("%Y-%m-%d")
    if seconds < 10:
        return "just now"
    if seconds < 60:
        return f"{int(seconds)} s ago"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 30 * 86400:
        return f"{int(seconds // 86400)} d ago"
    return value.astimezone(UTC).strftime("%Y-%m-%d")


def duration(value: object) -> str:
    """Return seconds in the two largest units that matter ("4.2s", "3m05s", "1h02m"), or "-"."""
    if not isinstance(value, int | float):
        return "-"  # a run still going has no duration ("" or None in summaries)
    seconds = float(value)
    if seconds < 60:
        return f"{seconds:.1f}s"
    whole = round(seconds)
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def short_url(url: str, domain: str | None = None) -> str:
    """Return url without scheme, tracking parameters and fragment, and without its host when the source's."""
    from newsingest.dedup.urls import BadURL, canonical_url

    try:
        parts = urlsplit(canonical_url(url))
    except BadURL:  # a link the crawl could not use (it may not even split) is shown as it was
        return url
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    host = (parts.hostname or "").removeprefix("www.")
    if domain and host == domain.lower().removeprefix("www."):
        return rest or "/"
    return f"{parts.netloc}{rest}" if parts.netloc else url


def count(value: object) -> str:
    """Return a count with thousands separators ("12,345"), or the value as text when not a number."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
