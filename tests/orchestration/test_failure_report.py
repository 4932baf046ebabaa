"""A run's details page (a Prefect artifact per source): every count of the run summary is on it."""

from newsingest.orchestration.failure_report import details_markdown
from newsingest.orchestration.summary import source_summary


def test_the_details_page_shows_every_count_of_the_summary() -> None:
    summary = source_summary("s", 7, "completed", None, None, 1.5)
    counts = sorted(k for k, v in summary.items() if isinstance(v, int | float) and k != "run_id")
    assert {"stories_new", "stories_joined", "duplicates", "offsite_links"} <= set(counts)
    # Each count a different value, so a row showing another count's value is caught too.
    numbered = summary | {name: 100 + n for n, name in enumerate(counts)} | {"run_id": None}
    page = details_markdown("ingest", numbered).splitlines()
    for name in counts:
        assert f"| {name} | {numbered[name]} |" in page, name
