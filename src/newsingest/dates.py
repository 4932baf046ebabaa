"""Parse the date strings pages carry into timezone-aware datetimes."""

import re
from datetime import UTC, date, datetime

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def parse_date(value: object, *, now: datetime | None = None) -> datetime | None:
    """Return value as an aware datetime, or None when it is not a plausible publication date.

    Naive timestamps are read as UTC (the page gave no zone); dates in the far future or before the
    web are rejected rather than stored.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if DATE_ONLY.match(text[:10]) and len(text) > 10 and text[10] == " ":
            text = text[:10] + "T" + text[11:]  # "2022-01-03 10:15:00+00:00" form
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
        except ValueError:
            return None
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    limit = (now or datetime.now(UTC)).replace(year=(now or datetime.now(UTC)).year + 1)
    if not EARLIEST <= parsed <= limit:
        return None
    return parsed
