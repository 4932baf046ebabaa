"""Source health: stale sources, silent runs, failure rates and vanished feeds or robots.txt."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import Engine, func, select

from newsingest.config import get_settings
from newsingest.crawl.feeds import parse_feed
from newsingest.db.models import CrawlRun, Failure, SourceRow, table_of
from newsingest.sources import Source

HISTORY_RUNS = 10  # completed runs a silent run is compared with


@dataclass(frozen=True, slots=True)
class HealthPolicy:
    """Thresholds of the health checks."""

    stale_factor: float = 3.0  # a source is stale when its last success is older than this many intervals
    failure_rate: float = 0.2  # share of failed fetches (24 h) above which a source is failing
    min_usual_new: float = 1.0  # a run with 0 new is suspicious when earlier runs averaged at least this
    probe_timeout: float = 10.0


@dataclass(slots=True)
class SourceHealth:
    """What the checks found about one source."""

    source: str
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """Say whether no check failed."""
        return not self.problems


def _ago(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def check_history(engine: Engine, source: Source, policy: HealthPolicy, now: datetime) -> list[str]:
    """Return the problems the database shows for source: stale, silent, failing."""
    problems: list[str] = []
    runs, failures, sources = table_of(CrawlRun), table_of(Failure), table_of(SourceRow)
    interval = source.schedule_interval()
    with engine.connect() as conn:
        row = conn.execute(select(sources.c.last_success_at).where(sources.c.slug == source.slug)).first()
        last_success = row.last_success_at if row else None
        if last_success is None:
            problems.append("never ingested successfully")
        elif now - last_success > interval * policy.stale_factor:
            problems.append(
                f"stale: last success {_ago(now - last_success)} ago, more than {policy.stale_factor:g}x its "
                f"schedule interval ({_ago(interval)})"
            )
        recent = conn.execute(
            select(runs.c.new, runs.c.fetched, runs.c.failed)
            .where(runs.c.source == source.slug, runs.c.status == "completed", runs.c.kind != "reprocess")
            .order_by(runs.c.id.desc())
            .limit(HISTORY_RUNS + 1)
        ).all()
        if len(recent) >= 3 and recent[0].new == 0:
            usual = sum(r.new for r in recent[1:]) / len(recent[1:])
            if usual >= policy.min_usual_new:
                problems.append(
                    f"silent: the last run found 0 new articles; recent runs averaged {usual:.1f}"
                )
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
                failures.c.stage.in_(("fetch", "discover", "crawl", "robots", "too_large")),
            )
        ).scalar_one()
        attempts = int(fetched) + int(failed)
        if attempts and failed / attempts > policy.failure_rate:
            problems.append(
                f"failing: {failed} of {attempts} fetches failed in 24 h (over {policy.failure_rate:.0%})"
            )
    return problems


def probe_entry_points(source: Source, policy: HealthPolicy) -> list[str]:
    """Return problems with the source's robots.txt and feeds, fetched now."""
    problems: list[str] = []
    headers = {"User-Agent": get_settings().user_agent}
    with httpx.Client(timeout=policy.probe_timeout, headers=headers, follow_redirects=True) as client:
        base = source.resolve("/") if source.base_url else f"https://{source.domain}/"
        robots = base.rstrip("/") + "/robots.txt"
        try:
            answer = client.get(robots)
            if answer.status_code >= 500:
                problems.append(
                    f"robots.txt answers {answer.status_code} (crawling is disallowed while it does)"
                )
        except httpx.HTTPError as exc:
            problems.append(f"robots.txt unreachable: {type(exc).__name__}")
        for feed in source.feeds:
            url = source.resolve(feed)
            try:
                answer = client.get(url)
            except httpx.HTTPError as exc:
                problems.append(f"feed {url} unreachable: {type(exc).__name__}")
                continue
            if answer.status_code >= 400:
                problems.append(f"feed {url} gone: HTTP {answer.status_code}")
            elif not parse_feed(answer.content, url):
                problems.append(f"feed {url} has no entries")
    return problems


def check_source(
    engine: Engine, source: Source, policy: HealthPolicy, now: datetime | None = None
) -> SourceHealth:
    """Run every check on source."""
    now = now or datetime.now(UTC)
    return SourceHealth(
        source.slug, check_history(engine, source, policy, now) + probe_entry_points(source, policy)
    )


def health_markdown(results: list[SourceHealth]) -> str:
    """Return the health report as markdown."""
    lines = ["# Source health", "", "| source | status | problems |", "|---|---|---|"]
    for result in results:
        status = "ok" if result.healthy else "**unhealthy**"
        lines.append(f"| {result.source} | {status} | {'; '.join(result.problems) or '-'} |")
    return "\n".join(lines)
