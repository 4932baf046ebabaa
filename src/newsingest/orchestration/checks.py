"""Run checks (Spidermon's monitors): was the site reached, were errors few, did discovery list enough.

Pure: the crawl's counters, the source's recent history and its `checks` config in, verdicts out. A
failed check fails the source's run (orchestration/verdict.py records it).
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from newsingest.crawl.runner import CrawlOutcome
from newsingest.sources import RunChecks

DISCOVERY_REACHED = "discovery_reached"
ERROR_RATE = "error_rate"
MIN_PAGES = "min_pages"

# Failures ("stage/class", as the crawl counts them) that are no failed fetch: a link refused by policy
# before any request (robots.txt rules, the SSRF guard, an unusable URL), or an answer refused for what
# it is (not HTML, over the size limit: a hostile page is not an unreachable site). A robots.txt that
# could not be read (robots/RobotsUnreachable) is the site failing: it counts.
NOT_FAILED_FETCHES = ("robots/RobotsDisallowed", "discover/BadURL", "fetch/NotHTML")
NOT_FAILED_STAGES = ("refused", "too_large")


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check's verdict; detail gives the numbers and the threshold."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What one source's crawl did, in the terms the checks judge."""

    entry_points: int  # feeds, sitemaps and listings the source declares
    indexes_read: int  # feeds, sitemaps, listing pages fetched and parsed (nested ones included)
    not_modified: int  # indexes that answered 304 Not Modified
    discovered: int  # article links the indexes listed (known ones included, off-site ones not)
    attempted: int  # fetches that got an answer or failed
    failed: int  # fetches that failed (HTTP errors, timeouts, refused connections, …)

    @classmethod
    def of(cls, outcome: CrawlOutcome, entry_points: int) -> "RunFacts":
        """Return the facts of a crawl (or of a backfill's merged crawls)."""
        failed = sum(
            count
            for key, count in outcome.failed_by_class().items()
            if key not in NOT_FAILED_FETCHES and key.split("/", 1)[0] not in NOT_FAILED_STAGES
        )
        read, not_modified = outcome.counter("indexes_read"), outcome.counter("not_modified")
        fetched = outcome.counter("pages_stored") + outcome.counter("unchanged_bodies")
        succeeded = read + not_modified + fetched
        return cls(
            entry_points=entry_points,
            indexes_read=read,
            not_modified=not_modified,
            discovered=outcome.counter("discovered"),
            attempted=succeeded + failed,
            failed=failed,
        )


def evaluate(config: RunChecks, facts: RunFacts, history: Sequence[int] = ()) -> list[CheckResult]:
    """Return the verdicts of config's checks (those turned off are left out).

    history: article links discovered by each of the source's recent completed runs that read their
    indexes in full, the default of min_pages; empty where runs do not compare (a backfill's ranges).
    """
    results = []
    if config.discovery_reached:
        results.append(_discovery_reached(facts))
    if config.max_error_rate is not None:
        results.append(_error_rate(facts, config.max_error_rate, config.min_attempts))
    if config.min_pages != 0:
        results.append(_min_pages(facts, config.min_pages, history, config.discovery_reached))
    return results


def failed_checks(results: Sequence[CheckResult]) -> list[CheckResult]:
    """Return the checks that failed."""
    return [r for r in results if not r.passed]


def _reached(facts: RunFacts) -> int:
    return facts.indexes_read + facts.not_modified


def _discovery_reached(facts: RunFacts) -> CheckResult:
    reached = _reached(facts)
    if reached:
        detail = f"{reached} indexes reached ({facts.indexes_read} read, {facts.not_modified} not modified)"
        return CheckResult(DISCOVERY_REACHED, True, detail)
    detail = (
        f"none of the source's {facts.entry_points} feeds, sitemaps and listings was fetched and parsed "
        "(see its discover and robots failures)"
    )
    return CheckResult(DISCOVERY_REACHED, False, detail)


def _error_rate(facts: RunFacts, max_rate: float, min_attempts: int) -> CheckResult:
    if facts.attempted < min_attempts:
        detail = (
            f"not judged: {facts.attempted} fetches attempted ({facts.failed} failed), "
            f"fewer than min_attempts {min_attempts}"
        )
        return CheckResult(ERROR_RATE, True, detail)
    rate = facts.failed / facts.attempted
    passed = rate <= max_rate
    detail = (
        f"error rate {rate:.2f}: {facts.failed} of {facts.attempted} fetches failed "
        f"({'at most' if passed else 'above'} max_error_rate {max_rate:.2f})"
    )
    return CheckResult(ERROR_RATE, passed, detail)


def _min_pages(
    facts: RunFacts, min_pages: int | None, history: Sequence[int], reached_is_checked: bool
) -> CheckResult:
    if min_pages is None:
        if not history:
            return CheckResult(MIN_PAGES, True, "not judged: no completed run to compare with")
        median = statistics.median(history)
        if median < 1:
            detail = f"not judged: the last {len(history)} completed runs listed a median of {median:g} links"
            return CheckResult(MIN_PAGES, True, detail)
        floor, why = 1, f"the last {len(history)} completed runs listed a median of {median:g}"
    else:
        floor, why = min_pages, "configured"
    if facts.discovered >= floor:
        detail = f"{facts.discovered} article links listed, min_pages {floor} ({why})"
        return CheckResult(MIN_PAGES, True, detail)
    if reached_is_checked and not _reached(facts):  # one cause, one failure
        return CheckResult(MIN_PAGES, True, f"not judged: discovery reached nothing ({DISCOVERY_REACHED})")
    if facts.not_modified:
        detail = f"not judged: {facts.not_modified} indexes answered 304 Not Modified (nothing new to list)"
        return CheckResult(MIN_PAGES, True, detail)
    detail = f"{facts.discovered} article links listed, fewer than min_pages {floor} ({why})"
    return CheckResult(MIN_PAGES, False, detail)
