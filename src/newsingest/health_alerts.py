"""Alert once per problem: open health_alerts rows, reminders after a long interval, recoveries.

Reviewing reads the open rows and decides what to send; committing records it. The health flow sends
between the two, so an alert that could not be sent is decided again by the next run.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Engine, insert, select, update

from newsingest.db.models import HealthAlert, table_of
from newsingest.source_health import SourceHealth, ago

DEFAULT_REMINDER = timedelta(hours=24)
Kind = Literal["problem", "reminder", "recovered"]
LABELS: dict[Kind, str] = {"problem": "PROBLEM", "reminder": "STILL", "recovered": "RECOVERED"}


@dataclass(frozen=True, slots=True)
class Notice:
    """One line of an alert: a new problem, a reminder of an open one, or a recovery."""

    kind: Kind
    source: str
    problem: str  # the check's key
    detail: str
    since: datetime  # when the problem was first seen


@dataclass(slots=True)
class Review:
    """What one health run sends and the row changes that record it."""

    now: datetime
    notices: list[Notice] = field(default_factory=list)
    opened: list[tuple[str, str, str]] = field(default_factory=list)  # (source, problem, detail)
    seen: dict[int, str] = field(default_factory=dict)  # open row id -> latest detail
    reminded: list[int] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)


def review_alerts(
    engine: Engine, results: Iterable[SourceHealth], now: datetime, reminder: timedelta = DEFAULT_REMINDER
) -> Review:
    """Compare results with the open alerts of their sources; return what to send and record."""
    results = list(results)
    alerts = table_of(HealthAlert)
    with engine.connect() as conn:
        rows = conn.execute(
            select(alerts).where(
                alerts.c.source.in_([r.source for r in results]), alerts.c.cleared_at.is_(None)
            )
        ).all()
    open_rows = {(row.source, row.problem): row for row in rows}
    review = Review(now)
    for result in results:
        current = {p.key: p.text for p in result.problems}
        for key, text in current.items():
            row = open_rows.get((result.source, key))
            if row is None:
                review.opened.append((result.source, key, text))
                review.notices.append(Notice("problem", result.source, key, text, now))
                continue
            review.seen[row.id] = text
            if now - row.notified_at >= reminder:
                review.reminded.append(row.id)
                review.notices.append(Notice("reminder", result.source, key, text, row.opened_at))
        for (source, key), row in open_rows.items():
            if source == result.source and key not in current:
                review.cleared.append(row.id)
                review.notices.append(Notice("recovered", source, key, row.detail, row.opened_at))
    return review


def commit_alerts(engine: Engine, review: Review) -> None:
    """Record a review once its notices went out: open, remind, refresh and clear rows."""
    alerts = table_of(HealthAlert)
    now = review.now
    with engine.begin() as conn:
        for source, key, text in review.opened:
            conn.execute(
                insert(alerts).values(
                    source=source,
                    problem=key,
                    detail=text,
                    opened_at=now,
                    last_seen_at=now,
                    notified_at=now,
                    notifications=1,
                )
            )
        for row_id, text in review.seen.items():
            conn.execute(update(alerts).where(alerts.c.id == row_id).values(detail=text, last_seen_at=now))
        if review.reminded:
            conn.execute(
                update(alerts)
                .where(alerts.c.id.in_(review.reminded))
                .values(notified_at=now, notifications=alerts.c.notifications + 1)
            )
        if review.cleared:
            conn.execute(update(alerts).where(alerts.c.id.in_(review.cleared)).values(cleared_at=now))


def alert_subject(notices: list[Notice]) -> str:
    """Return a subject line counting new problems, reminders and recoveries."""
    counts = {kind: sum(n.kind == kind for n in notices) for kind in LABELS}
    parts = [
        f"{counts['problem']} new problem{'s' * (counts['problem'] != 1)}" if counts["problem"] else "",
        f"{counts['reminder']} still open" if counts["reminder"] else "",
        f"{counts['recovered']} recovered" if counts["recovered"] else "",
    ]
    sources = sorted({n.source for n in notices})
    return f"newsingest health: {', '.join(p for p in parts if p)} ({', '.join(sources)})"


def alert_lines(notices: list[Notice], now: datetime) -> list[str]:
    """Return one line per notice: PROBLEM / STILL / RECOVERED, the source and what was seen."""
    lines = []
    for notice in notices:
        label = LABELS[notice.kind]
        if notice.kind == "problem":
            lines.append(f"{label} {notice.source}: {notice.detail}")
        elif notice.kind == "reminder":
            lines.append(f"{label} {notice.source}: {notice.detail} (for {ago(now - notice.since)})")
        else:
            lines.append(
                f"{label} {notice.source}: {notice.problem} cleared after {ago(now - notice.since)} "
                f"(was: {notice.detail})"
            )
    return lines
