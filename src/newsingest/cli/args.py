"""Arguments checked before anything starts: days, date ranges and the sources asked for."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from newsingest.errors import NewsingestError

if TYPE_CHECKING:
    from newsingest.sources import Source


def parse_day(value: str | None, option: str) -> date | None:
    """Return value as a date (None stays None); a bad day is a NewsingestError naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise NewsingestError(f"{option}: {value!r} is not a date like 2022-01-31") from None


def parse_days(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """Return --since and --until as dates, refusing a range that ends before it starts."""
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    if first and last and last < first:
        raise NewsingestError(f"--since {first} is after --until {last}: the range is empty")
    return first, last


def sources_path(path: Path | None) -> Path:
    """Return path, or the configured sources file when it is None."""
    from newsingest.config import get_settings

    return path or get_settings().sources_file


def configured_sources(path: Path | None = None) -> list["Source"]:
    """Return every source of path (default: the configured sources file), validating it."""
    from newsingest.sources import load_sources

    return load_sources(sources_path(path))


def selected_sources(slugs: list[str] | None, sources_file: Path | None) -> list["Source"]:
    """Return the sources named (default: every enabled one), validating the sources file."""
    from newsingest.sources import select_sources

    selected = select_sources(configured_sources(sources_file), slugs)
    if not selected:
        raise NewsingestError("no source to run: every source is disabled; name one with --source")
    return selected
