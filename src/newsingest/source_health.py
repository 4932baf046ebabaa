"""Source health: stale, silent by the source's own rate, failing, and its robots.txt and feeds gone."""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from statistics import median
from typing import Any

import httpx
from sqlalchemy import Connection, Engine, func, select

from newsingest.config import Settings
from newsingest.crawl.feeds import parse_feed
from newsingest.db.models import CrawlRun, Failure, SourceRow, table_of
from newsingest.probe import Fetched, Guard, guarded_get
from newsingest.sources import Source

# Beside the sources' rules, so `status` reads the defaults without this module; callers import it here.
from newsingest.sources.health_rules import HealthPolicy as HealthPolicy

FETCH_STAGES = ("fetch", "discover", "crawl", "robots", "too_large")
NOT_INGEST = ("backfill", "reprocess")  # these find old articles in bulk: no measure of the source's rate
ROBOTS_CAP = 512 * 1024  # RFC 9309: crawlers must read at least 500 KiB of robots.txt


@dataclass(frozen=True, slots=True)
class ProbeOptions:
    """What the probes take from the settings: the crawl's user agent and its largest body, in bytes."""

    user_agent: str = Settings.model_fields["user_agent"].default
    max_size: int = Settings.model_fields["download_maxsize"].default

    @classmethod
    def from_settings(cls, settings: Settings) -> "ProbeOptions":
        """Return the options settings give."""
        return cls(user_agent=settings.user_agent, max_size=settings.download_maxsize)


@dataclass(frozen=True, slots=True)
class Problem:
    """One failed check: key names the check (stable from run to run), text says what it saw."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Quiet:
    """How long the source has gone without new articles, against what its history leads to expect."""

    since: datetime | None = None  # start of the last run that found new articles
    typical_gap: timedelta | None = None  # median gap between such runs (None: too little history)
    silent_after: timedelta | None = None  # the threshold used (None: not judged)
    configured: bool = False  # silent_after comes from sources.yaml


@dataclass(slots=True)
class SourceHealth:
    """What the checks found about one source."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    quiet: Quiet = field(default_factory=Quiet)

    @property
    def healthy(self) -> bool:
        """Say whether no check failed."""
        return not self.problems

    def as_dict(self, now: datetime) -> dict[str, Any]:
        """Return the result as JSON-ready data."""

        def hours(delta: timedelta | None) -> float | None:
            return None if delta is None else round(delta.total_seconds() / 3600, 2)

        return {
            "source": self.source,
            "healthy": self.healthy,
            "problems": [{"check": p.key, "detail": p.text} for p in self.problems],
            "last_new_at": self.quiet.since.isoformat() if self.quiet.since else None,
            "quiet_hours": hours(now - self.quiet.since) if self.quiet.since else None,
            "typical_gap_hours": hours(self.quiet.typical_gap),
            "silent_after_hours": hours(self.quiet.silent_after),
        }


def ago(delta: timedelta) -> str:
    """Return delta for people: 45 min, 7 h 5 min, 3 d 4 h."""
    minutes = int(delta.total_seconds() // 60)
    if minutes >= 48 * 60:
        return f"{minutes // 1440} d {minutes % 1440 // 60} h"
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def learn_quiet(conn: Connection, source: Source, policy: HealthPolicy) -> Quiet:
    """Return when the source last had new articles, and after how long its quiet is silence."""
    runs = table_of(CrawlRun)
    productive = [
        row.started_at
        for row in conn.execute(
            select(runs.c.started_at)
            .where(
                runs.c.source == source.slug,
                runs.c.status == "completed",
                runs.c.kind.not_in(NOT_INGEST),
                runs.c.new > 0,
            )
            .order_by(runs.c.started_at.desc())
            .limit(policy.history_runs + 1)
        )
    ]
    since = productive[0] if productive else None
    gaps = [newer - older for newer, older in pairwise(productive)]
    typical = median(gaps) if len(gaps) >= policy.min_gaps else None
    rules = source.health
    if rules.silent_after_hours is not None:
        return Quiet(since, typical, timedelta(hours=rules.silent_after_hours), configured=True)
    if typical is None:
        return Quiet(since, None, None)
    floor = timedelta(hours=rules.min_silent_hours)
    return Quiet(since, typical, max(floor, typical * rules.silence_factor))


def _silence(conn: Connection, source: Source, quiet: Quiet, now: datetime) -> Problem | None:
    if not source.health.expect_new_articles or quiet.since is None or quiet.silent_after is None:
        return None
    if now - quiet.since <= quiet.silent_after:
        return None
    runs = table_of(CrawlRun)
    # Silence is runs that completed and found nothing: without such a run the source is stale instead.
    later = conn.execute(
        select(func.count())
        .select_from(runs)
        .where(
            runs.c.source == source.slug,
            runs.c.status == "completed",
            runs.c.kind.not_in(NOT_INGEST),
            runs.c.started_at > quiet.since,
        )
    ).scalar_one()
    if not later:
        return None
    expected = (
        "set in sources.yaml"
        if quiet.configured
        else f"it usually has new ones every {ago(quiet.typical_gap or timedelta())}"
    )
    return Problem(
        "silent",
        f"silent: no new article for {ago(now - quiet.since)} over {later} completed runs "
        f"(silent after {ago(quiet.silent_after)}; {expected})",
    )


def check_history(
    engine: Engine, source: Source, policy: HealthPolicy, now: datetime
) -> tuple[list[Problem], Quiet]:
    """Return the problems the database shows for source (never ingested, stale, silent, failing)."""
    problems: list[Problem] = []
    runs, failures, sources = table_of(CrawlRun), table_of(Failure), table_of(SourceRow)
    rules = source.health
    stale_factor = rules.stale_factor or policy.stale_factor
    failure_rate = rules.failure_rate if rules.failure_rate is not None else policy.failure_rate
    interval = source.schedule_interval()
    with engine.connect() as conn:
        row = conn.execute(select(sources.c.last_success_at).where(sources.c.slug == source.slug)).first()
        last_success = row.last_success_at if row else None
        if last_success is None:
            problems.append(Problem("never", "never ingested successfully"))
        elif now - last_success > interval * stale_factor:
            problems.append(
                Problem(
                    "stale",
                    f"stale: last success {ago(now - last_success)} ago, more than {stale_factor:g}x its "
                    f"schedule interval ({ago(interval)})",
                )
            )
        quiet = learn_quiet(conn, source, policy)
        silent = _silence(conn, source, quiet, now)
        if silent is not None:
            problems.append(silent)
        day_ago = now - timedelta(hours=24)
        fetched = conn.execute(
            select(func.coalesce(func.sum(runs.c.fetched), 0)).where(
                runs.c.source == source.slug, runs.c.started_at >= day_ago
            )
        ).scalar_one()
        failed = conn.execute(
            select(func.count())
            .select_from(failures)
            .where(
                failures.c.source == source.slug,
                failures.c.last_seen_at >= day_ago,
                failures.c.resolved_at.is_(None),
                failures.c.stage.in_(FETCH_STAGES),
            )
        ).scalar_one()
    attempts = int(fetched) + int(failed)
    if attempts and failed / attempts > failure_rate:
        problems.append(
            Problem(
                "failing",
                f"failing: {failed} of {attempts} fetches failed in 24 h (over {failure_rate:.0%})",
            )
        )
    return problems, quiet


def probe_guard(source: Source, policy: HealthPolicy, max_size: int) -> Guard:
    """Return the limits of source's probes: the crawl's private-host opt-in, size cap and timeouts."""
    return Guard(
        private_ok=frozenset(h.lower() for h in source.allow_private_hosts),
        cap=min(source.download_maxsize, max_size),
        timeout=policy.probe_timeout,
        deadline=policy.probe_timeout * 3,
    )


def _unusable(what: str, url: str, fetched: Fetched) -> str | None:
    hop = f" (redirected to {fetched.url})" if fetched.url != url else ""
    if fetched.refused:
        return f"{what} {url} refused{hop}: {fetched.refused}"
    if fetched.error:
        return f"{what} {url} unreachable{hop}: {fetched.error}"
    return None


def probe_entry_points(source: Source, policy: HealthPolicy, options: ProbeOptions) -> list[Problem]:
    """Return problems with the source's robots.txt and feeds, fetched now through the crawl's guard."""
    problems: list[Problem] = []
    guard = probe_guard(source, policy, options.max_size)
    headers = {"User-Agent": options.user_agent}
    with httpx.Client(headers=headers, follow_redirects=False) as client:
        base = source.resolve("/") if source.base_url else f"https://{source.domain}/"
        robots = base.rstrip("/") + "/robots.txt"
        answer = guarded_get(client, robots, replace(guard, cap=ROBOTS_CAP))
        unusable = _unusable("robots.txt", robots, answer)
        if unusable:
            problems.append(Problem("robots", unusable))
        elif answer.status is not None and answer.status >= 500:
            problems.append(
                Problem(
                    "robots", f"robots.txt answers {answer.status} (crawling is disallowed while it does)"
                )
            )
        for feed in source.feeds:
            url = source.resolve(feed)
            key = f"feed {url}"
            answer = guarded_get(client, url, guard)
            unusable = _unusable("feed", url, answer)
            if unusable:
                problems.append(Problem(key, unusable))
            elif answer.status is not None and answer.status >= 400:
                problems.append(Problem(key, f"feed {url} gone: HTTP {answer.status}"))
            elif answer.truncated:
                problems.append(Problem(key, f"feed {url} is over {guard.cap} bytes; stopped reading there"))
            elif not parse_feed(answer.body, answer.url):
                problems.append(Problem(key, f"feed {url} has no entries"))
    return problems


def check_source(
    engine: Engine,
    source: Source,
    policy: HealthPolicy,
    now: datetime | None = None,
    probe: ProbeOptions | None = None,
) -> SourceHealth:
    """Run every check on source; without probe options, robots.txt and feeds are not fetched."""
    now = now or datetime.now(UTC)
    problems, quiet = check_history(engine, source, policy, now)
    if probe is not None:
        problems += probe_entry_points(source, policy, probe)
    return SourceHealth(source.slug, problems, quiet)
