"""Alert once per problem, remind after the reminder interval, tell of the recovery; state in the database."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from newsingest.db.models import HealthAlert
from newsingest.health_alerts import Notice, alert_lines, alert_subject, commit_alerts, review_alerts
from newsingest.source_health import Problem, SourceHealth

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
FEED = Problem("feed https://example.org/feed.xml", "feed https://example.org/feed.xml gone: HTTP 404")
STALE = Problem("stale", "stale: last success 5 h 0 min ago, more than 3x its schedule interval (1 h 0 min)")


def check(engine: Engine, minutes: float, *results: SourceHealth) -> list[Notice]:
    """One health run at T0 + minutes: review, (send,) commit; return what it sent."""
    review = review_alerts(engine, results, T0 + timedelta(minutes=minutes), timedelta(hours=24))
    commit_alerts(engine, review)
    return review.notices


def kinds(notices: list[Notice]) -> list[tuple[str, str, str]]:
    return [(n.kind, n.source, n.problem) for n in notices]


def test_a_problem_alerts_once_reminds_after_24_h_and_recovers(engine: Engine) -> None:
    unhealthy = SourceHealth("amn", [FEED])
    assert kinds(check(engine, 0, unhealthy)) == [("problem", "amn", FEED.key)]
    for minutes in (15, 30, 60, 23 * 60 + 59):  # the health flow runs every 15 minutes
        assert check(engine, minutes, unhealthy) == []
    [reminder] = check(engine, 24 * 60, unhealthy)
    assert (reminder.kind, reminder.since) == ("reminder", T0)
    assert check(engine, 24 * 60 + 15, unhealthy) == []
    [recovered] = check(engine, 26 * 60, SourceHealth("amn"))
    assert (recovered.kind, recovered.problem, recovered.detail) == ("recovered", FEED.key, FEED.text)
    assert check(engine, 26 * 60 + 15, SourceHealth("amn")) == []
    # It comes back: a new problem, alerted again at once.
    assert kinds(check(engine, 27 * 60, unhealthy)) == [("problem", "amn", FEED.key)]
    with engine.connect() as conn:
        rows = conn.execute(select(HealthAlert).order_by(HealthAlert.id)).all()
    assert [(r.problem, r.notifications, r.cleared_at) for r in rows] == [
        (FEED.key, 2, T0 + timedelta(hours=26)),
        (FEED.key, 1, None),
    ]


def test_a_changing_detail_is_the_same_problem(engine: Engine) -> None:
    assert len(check(engine, 0, SourceHealth("amn", [STALE]))) == 1
    later = Problem("stale", STALE.text.replace("5 h", "6 h"))
    assert check(engine, 60, SourceHealth("amn", [later])) == []
    with engine.connect() as conn:
        assert conn.execute(select(HealthAlert.detail)).scalar_one() == later.text


def test_an_alert_not_sent_is_decided_again_by_the_next_run(engine: Engine) -> None:
    unhealthy = SourceHealth("amn", [FEED])
    unsent = review_alerts(engine, [unhealthy], T0)
    assert len(unsent.notices) == 1  # the webhook failed: nothing committed
    assert kinds(check(engine, 15, unhealthy)) == [("problem", "amn", FEED.key)]


def test_sources_are_independent_and_one_runs_problems_are_alerted_together(engine: Engine) -> None:
    assert len(check(engine, 0, SourceHealth("amn", [FEED, STALE]), SourceHealth("k24", [STALE]))) == 3
    # A run that checks only k24 (health --source k24) neither clears nor reminds amn's problems.
    notices = check(engine, 25 * 60, SourceHealth("k24"))
    assert kinds(notices) == [("recovered", "k24", "stale")]
    notices = check(engine, 25 * 60 + 15, SourceHealth("amn", [FEED]))
    assert sorted(kinds(notices)) == [("recovered", "amn", "stale"), ("reminder", "amn", FEED.key)]


def test_the_alert_text_names_source_problem_and_duration() -> None:
    notices = [
        Notice("problem", "amn", FEED.key, FEED.text, T0),
        Notice("reminder", "k24", "stale", STALE.text, T0 - timedelta(hours=30)),
        Notice("recovered", "wire", "silent", "silent: no new article for 9 h", T0 - timedelta(hours=3)),
    ]
    assert (
        alert_subject(notices)
        == "newsingest health: 1 new problem, 1 still open, 1 recovered (amn, k24, wire)"
    )
    assert alert_lines(notices, T0) == [
        f"PROBLEM amn: {FEED.text}",
        f"STILL k24: {STALE.text} (for 30 h 0 min)",
        "RECOVERED wire: silent cleared after 3 h 0 min (was: silent: no new article for 9 h)",
    ]
