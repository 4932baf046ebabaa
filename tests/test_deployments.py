"""deploy/prefect.yaml is generated from sources.yaml and must be kept current."""

from pathlib import Path

import yaml

from newsingest.config import BUNDLED_SOURCES
from newsingest.deployments import HEADER, prefect_document, render_prefect_yaml
from newsingest.sources import load_sources

DEPLOY = Path(__file__).parents[1] / "deploy"


def test_committed_prefect_yaml_matches_sources_yaml() -> None:
    expected = render_prefect_yaml(load_sources(BUNDLED_SOURCES))
    assert (DEPLOY / "prefect.yaml").read_text(encoding="utf-8") == expected, "run `newsingest deployments`"


def test_every_enabled_source_has_a_scheduled_non_overlapping_ingest() -> None:
    document = yaml.safe_load((DEPLOY / "prefect.yaml").read_text(encoding="utf-8"))
    by_name = {(d["entrypoint"], d["name"]): d for d in document["deployments"]}
    for source in load_sources(BUNDLED_SOURCES):
        key = ("flows/ingest.py:ingest", source.slug)
        if not source.enabled:
            assert key not in by_name
            continue
        deployment = by_name[key]
        assert deployment["schedules"] == [{"cron": source.schedule, "timezone": "UTC"}]
        assert deployment["concurrency_limit"]["limit"] == 1
        assert deployment["work_pool"]["name"] == "newsingest"
    assert by_name[("flows/health.py:health", "every-15-minutes")]["schedules"] == [{"interval": 900}]
    assert by_name[("flows/backfill.py:backfill", "manual")]["schedules"] == []
    automations = yaml.safe_load((DEPLOY / "automations.yaml").read_text(encoding="utf-8"))
    assert automations["automations"][0]["trigger"]["expect"] == [
        "prefect.flow-run.Failed",
        "prefect.flow-run.Crashed",
    ]


def test_prefect_yaml_is_the_header_and_the_document_with_named_anchors() -> None:
    sources = load_sources(BUNDLED_SOURCES)
    text = render_prefect_yaml(sources)
    assert text.startswith(HEADER)
    assert yaml.safe_load(text) == prefect_document(sources)
    # The definitions appear once; each deployment names them.
    assert text.count("&newsingest_pool") == 1
    assert text.count("*newsingest_pool") == len(prefect_document(sources)["deployments"])
