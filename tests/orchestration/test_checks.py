"""Run checks, pure: each check's boundaries, the facts read from a crawl's stats, the summary's fields."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from newsingest.crawl.runner import CrawlOutcome
from newsingest.errors import NewsingestError
from newsingest.orchestration.checks import (
    DISCOVERY_REACHED,
    ERROR_RATE,
    MIN_PAGES,
    CheckResult,
    RunFacts,
    evaluate,
    failed_checks,
)
from newsingest.orchestration.summary import artifact_rows, source_summary
from newsingest.sources import RunChecks, Source, load_sources

DEFAULTS = RunChecks()


def facts(
    read: int = 1, not_modified: int = 0, discovered: int = 10, attempted: int = 11, failed: int = 0
) -> RunFacts:
    return RunFacts(
        entry_points=2,
        indexes_read=read,
        not_modified=not_modified,
        discovered=discovered,
        attempted=attempted,
        failed=failed,
    )


def verdict(results: list[CheckResult], name: str) -> CheckResult:
    [result] = [r for r in results if r.name == name]
    return result


def names(results: list[CheckResult]) -> list[str]:
    return [r.name for r in results]


# discovery_reached


def test_nothing_reached_fails_discovery() -> None:
    result = verdict(
        evaluate(DEFAULTS, facts(read=0, discovered=0, attempted=3, failed=3)), DISCOVERY_REACHED
    )
    assert not result.passed
    assert "none of the source's 2 feeds, sitemaps and listings" in result.detail


@pytest.mark.parametrize(("read", "not_modified"), [(1, 0), (0, 1)])
def test_one_index_read_or_not_modified_is_reached(read: int, not_modified: int) -> None:
    result = verdict(
        evaluate(DEFAULTS, facts(read=read, not_modified=not_modified, discovered=0)), DISCOVERY_REACHED
    )
    assert result.passed


def test_discovery_check_can_be_turned_off() -> None:
    results = evaluate(RunChecks(discovery_reached=False), facts(read=0, discovered=0))
    assert DISCOVERY_REACHED not in names(results)


# error_rate


def test_error_rate_is_not_judged_below_min_attempts() -> None:
    result = verdict(evaluate(DEFAULTS, facts(attempted=4, failed=4)), ERROR_RATE)
    assert result.passed and result.detail.startswith("not judged: 4 fetches attempted (4 failed)")


def test_error_rate_at_the_threshold_passes_and_just_above_fails() -> None:
    at = verdict(evaluate(DEFAULTS, facts(attempted=10, failed=5)), ERROR_RATE)
    above = verdict(evaluate(DEFAULTS, facts(attempted=10, failed=6)), ERROR_RATE)
    assert at.passed and "5 of 10 fetches failed" in at.detail
    assert not above.passed
    assert above.detail == "error rate 0.60: 6 of 10 fetches failed (above max_error_rate 0.50)"


def test_error_rate_is_judged_from_exactly_min_attempts() -> None:
    config = RunChecks(min_attempts=3)
    assert not verdict(evaluate(config, facts(attempted=3, failed=2)), ERROR_RATE).passed
    assert verdict(evaluate(config, facts(attempted=2, failed=2)), ERROR_RATE).passed


def test_zero_tolerance_and_no_error_rate_check() -> None:
    strict = RunChecks(max_error_rate=0)
    assert verdict(evaluate(strict, facts(attempted=20, failed=0)), ERROR_RATE).passed
    assert not verdict(evaluate(strict, facts(attempted=20, failed=1)), ERROR_RATE).passed
    assert ERROR_RATE not in names(evaluate(RunChecks(max_error_rate=None), facts(attempted=20, failed=20)))


# min_pages


def test_min_pages_without_history_is_not_judged() -> None:
    result = verdict(evaluate(DEFAULTS, facts(discovered=0)), MIN_PAGES)
    assert result.passed and result.detail.startswith("not judged: no completed run")


def test_min_pages_default_comes_from_the_history_median() -> None:
    result = verdict(evaluate(DEFAULTS, facts(discovered=0), history=[0, 12, 9]), MIN_PAGES)
    assert not result.passed
    assert result.detail == (
        "0 article links listed, fewer than min_pages 1 (the last 3 completed runs listed a median of 9)"
    )
    assert verdict(evaluate(DEFAULTS, facts(discovered=1), history=[0, 12, 9]), MIN_PAGES).passed


def test_a_history_listing_nothing_sets_no_floor() -> None:
    result = verdict(evaluate(DEFAULTS, facts(discovered=0), history=[0, 0, 4]), MIN_PAGES)
    assert result.passed and "median of 0" in result.detail


def test_min_pages_configured_boundaries_and_off() -> None:
    config = RunChecks(min_pages=3)
    assert verdict(evaluate(config, facts(discovered=3)), MIN_PAGES).passed
    assert not verdict(evaluate(config, facts(discovered=2), history=[100]), MIN_PAGES).passed
    assert MIN_PAGES not in names(evaluate(RunChecks(min_pages=0), facts(discovered=0), history=[50]))


def test_indexes_not_modified_list_nothing_by_design() -> None:
    result = verdict(evaluate(DEFAULTS, facts(read=0, not_modified=2, discovered=0), history=[20]), MIN_PAGES)
    assert result.passed and "304 Not Modified" in result.detail


def test_an_unreached_source_fails_once_unless_discovery_is_not_checked() -> None:
    unreached = facts(read=0, discovered=0, attempted=1, failed=1)
    assert names(failed_checks(evaluate(DEFAULTS, unreached, history=[20]))) == [DISCOVERY_REACHED]
    no_discovery_check = RunChecks(discovery_reached=False)
    assert names(failed_checks(evaluate(no_discovery_check, unreached, history=[20]))) == [MIN_PAGES]


# the facts a crawl's stats give


def test_facts_count_failed_fetches_but_not_refusals_or_non_html() -> None:
    outcome = CrawlOutcome(
        {
            "newsingest/indexes_read": 2,
            "newsingest/not_modified": 1,
            "newsingest/pages_stored": 5,
            "newsingest/unchanged_bodies": 1,
            "newsingest/discovered": 12,
            "newsingest/failed/fetch/HTTP 500": 2,
            "newsingest/failed/discover/TimeoutError": 1,
            "newsingest/failed/robots/RobotsUnreachable": 1,
            "newsingest/failed/discover/BadSitemap": 1,
            # Neither a failed fetch nor an attempted one:
            "newsingest/failed/too_large/TooLarge": 7,
            "newsingest/failed/robots/RobotsDisallowed": 7,
            "newsingest/failed/refused/BlockedAddress": 7,
            "newsingest/failed/discover/BadURL": 7,
            "newsingest/failed/fetch/NotHTML": 7,
            "downloader/request_count": 99,
        }
    )
    assert RunFacts.of(outcome, entry_points=3) == RunFacts(
        entry_points=3, indexes_read=2, not_modified=1, discovered=12, attempted=14, failed=5
    )


def test_facts_of_an_empty_crawl() -> None:
    assert RunFacts.of(CrawlOutcome({}), 1) == RunFacts(1, 0, 0, 0, 0, 0)


# configuration


def test_defaults_are_documented_values() -> None:
    assert (
        RunChecks(discovery_reached=True, max_error_rate=0.5, min_attempts=5, min_pages=None, history_runs=5)
        == DEFAULTS
    )
    for name, field in RunChecks.model_fields.items():
        assert field.description, name


def test_source_checks_block_overrides_defaults() -> None:
    source = Source.model_validate(
        {
            "slug": "s",
            "name": "S",
            "domain": "n.example",
            "feeds": ["https://n.example/feed"],
            "checks": {"max_error_rate": 0.1, "min_pages": 3, "discovery_reached": False},
        }
    )
    assert source.checks == RunChecks(max_error_rate=0.1, min_pages=3, discovery_reached=False)


@pytest.mark.parametrize(
    "checks",
    [{"max_error_rate": 1.5}, {"max_error_rate": -0.1}, {"min_attempts": 0}, {"min_pages": -1}, {"typo": 1}],
)
def test_bad_checks_are_refused(checks: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RunChecks.model_validate(checks)


# the summary


def test_summary_names_the_failed_checks_and_counts_their_rows() -> None:
    results = [
        CheckResult(DISCOVERY_REACHED, False, "none"),
        CheckResult(ERROR_RATE, True, "not judged"),
        CheckResult(MIN_PAGES, False, "0 links"),
    ]
    summary = source_summary("s", 1, "failed", CrawlOutcome({}), None, 1.0, "checks failed", results)
    assert summary["checks"] == [DISCOVERY_REACHED, MIN_PAGES]
    assert summary["failed"] == 2
    assert summary["failed_by_class"] == {f"check:{DISCOVERY_REACHED}": 1, f"check:{MIN_PAGES}": 1}
    [row] = artifact_rows([summary])
    assert row["checks"] == "discovery_reached, min_pages"
    assert source_summary("s", 1, "completed", None, None, 1.0)["checks"] == []


def test_a_checks_block_in_sources_yaml_is_parsed_and_a_typo_named(tmp_path: Path) -> None:
    entry = """
sources:
  - slug: s
    name: S
    domain: n.example
    feeds: [https://n.example/feed]
    checks:
      max_error_rate: 0.2
      min_attempts: 20
      min_pages: 10
"""
    path = tmp_path / "sources.yaml"
    path.write_text(entry, encoding="utf-8")
    [source] = load_sources(path)
    assert source.checks == RunChecks(max_error_rate=0.2, min_attempts=20, min_pages=10)
    path.write_text(entry.replace("min_pages", "min_page"), encoding="utf-8")
    with pytest.raises(NewsingestError, match=r"source 's': checks\.min_page"):
        load_sources(path)
