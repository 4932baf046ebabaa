"""Silence is judged against each source's own rate, learned from its runs, or set in sources.yaml."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from newsingest.source_health import HealthPolicy, Quiet, check_history
from newsingest.sources import Source
from tests.health.history import add_runs

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def source(slug: str, schedule: str = "0 * * * *", **health: Any) -> Source:
    return Source(
        slug=slug,
        name=slug,
        domain="example.org",
        feeds=["https://example.org/feed.xml"],
        schedule=schedule,
        health=health,
    )


def hourly(
    last: datetime, hours: int, new_every: int, quiet_since: datetime | None = None
) -> list[tuple[datetime, int]]:
    """Hourly runs ending at last; every new_every-th run finds 3 new articles, none after quiet_since."""
    runs = []
    for back in range(hours):
        at = last - back * HOUR
        productive = back % new_every == 0 and (quiet_since is None or at < quiet_since)
        runs.append((at, 3 if productive else 0))
    return runs


def silence(engine: Engine, src: Source, now: datetime = NOW) -> tuple[str | None, Quiet]:
    problems, quiet = check_history(engine, src, HealthPolicy(), now)
    texts = [p.text for p in problems if p.key == "silent"]
    return (texts[0] if texts else None), quiet


def test_one_quiet_run_of_a_source_publishing_every_two_hours_is_not_silence(engine: Engine) -> None:
    src = source("two-hourly")
    # New articles every two hours for 2 days, the last at 10:00; the 11:00 run found none.
    add_runs(engine, src, [*hourly(NOW - 2 * HOUR, 48, 2), (NOW - HOUR, 0)])
    text, quiet = silence(engine, src)
    assert text is None
    assert quiet.typical_gap == 2 * HOUR and quiet.silent_after == 6 * HOUR  # 3 gaps, at least the 6 h floor


def test_a_two_hourly_source_quiet_for_seven_hours_is_silent(engine: Engine) -> None:
    src = source("two-hourly")
    add_runs(engine, src, hourly(NOW, 48, 2, quiet_since=NOW - 7 * HOUR))
    text, _ = silence(engine, src)
    assert text is not None and text.startswith("silent: no new article for 8 h 0 min over 8 completed runs")
    assert "silent after 6 h 0 min; it usually has new ones every 2 h 0 min" in text


def test_a_weekly_source_is_silent_only_after_three_weeks(engine: Engine) -> None:
    src = source("weekly", schedule="0 6 * * *")
    start = NOW - timedelta(days=60)
    runs = [(start + timedelta(days=d), 5 if d % 7 == 0 else 0) for d in range(57)]  # last new: day 56
    add_runs(engine, src, runs)
    last_new = start + timedelta(days=56)
    assert silence(engine, src, last_new + timedelta(days=6))[0] is None
    assert silence(engine, src, last_new + timedelta(days=20))[0] is None
    # No run after day 56 yet: the source is stale, not silent. A week of empty runs makes it silent.
    add_runs(engine, src, [(last_new + timedelta(days=d), 0) for d in range(1, 22)])
    text, quiet = silence(engine, src, last_new + timedelta(days=22))
    assert quiet.typical_gap == timedelta(days=7) and quiet.silent_after == timedelta(days=21)
    assert text is not None and "no new article for 22 d 0 h" in text


def test_a_static_source_with_one_productive_run_is_never_silent(engine: Engine) -> None:
    src = source("static")
    add_runs(engine, src, [(NOW - timedelta(days=30), 40)] + [(NOW - h * HOUR, 0) for h in range(1, 200)])
    text, quiet = silence(engine, src)
    assert text is None and quiet.typical_gap is None and quiet.silent_after is None


def test_backfills_and_reprocesses_do_not_count_as_new_articles(engine: Engine) -> None:
    src = source("backfilled")
    add_runs(engine, src, hourly(NOW, 48, 2, quiet_since=NOW - 7 * HOUR))
    add_runs(engine, src, [(NOW - HOUR, 500)], kind="backfill")
    add_runs(engine, src, [(NOW - 2 * HOUR, 20)], kind="reprocess")
    assert silence(engine, src)[0] is not None


@pytest.mark.parametrize(
    ("rules", "silent"),
    [
        ({"silent_after_hours": 2}, True),  # stricter than the learned 6 h
        ({"silent_after_hours": 12}, False),  # laxer
        ({"expect_new_articles": False}, False),  # an archive: no silence check
        ({"silence_factor": 1, "min_silent_hours": 1}, True),  # learned 2 h x 1
    ],
)
def test_the_sources_health_block_overrides_the_learned_threshold(
    engine: Engine, rules: dict[str, Any], silent: bool
) -> None:
    src = source("tuned", **rules)
    add_runs(engine, src, hourly(NOW, 48, 2, quiet_since=NOW - 3 * HOUR))
    text, _ = silence(engine, src)
    assert (text is not None) == silent, text
    if text is not None and "silent_after_hours" in rules:
        assert "set in sources.yaml" in text


def test_the_health_block_is_checked_when_sources_yaml_is_loaded() -> None:
    with pytest.raises(ValueError, match="silent_after_hours"):
        source("bad", silent_after_hours=0)
    with pytest.raises(ValueError, match="failure_rate"):
        source("bad", failure_rate=1.5)
