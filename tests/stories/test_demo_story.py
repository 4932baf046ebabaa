"""`newsingest demo`'s site through the real ingest flow: the two seed reports are one story, nothing else joins."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from newsingest.db.models import Article, Story
from newsingest.demo import DemoSite

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def test_the_seed_reports_share_a_story_and_the_other_articles_do_not(
    engine: Engine, demo_site: DemoSite, demo_sources_file: Path
) -> None:
    from newsingest.orchestration.ingest import ingest

    [summary] = ingest(sources=["demo"], sources_file=str(demo_sources_file), kind="manual")
    with engine.connect() as conn:
        rows = conn.execute(select(Article.url, Article.story_id, Article.duplicate_of_id)).all()
        stories = {s.id: s for s in conn.execute(select(Story))}
    story_of = {r.url.split("/", 3)[3]: r.story_id for r in rows}
    amn = story_of["amn/2022/01/2-suicide-drones-shot-down-while-trying-to-attack-us-troops-in-iraq/"]
    k24 = story_of["k24/2022/01/coalition-forces-targeted-by-suicide-drones-in-baghdad.html"]
    assert amn == k24
    drones = stories[amn]
    assert drones.article_count == 2 and len(drones.sources) == 1  # one demo source serves both outlets
    assert drones.languages == ["en"] and drones.first_seen_at < drones.last_seen_at
    others = {path for path, story in story_of.items() if story == amn} - {
        "amn/2022/01/2-suicide-drones-shot-down-while-trying-to-attack-us-troops-in-iraq/",
        "k24/2022/01/coalition-forces-targeted-by-suicide-drones-in-baghdad.html",
    }
    assert others == set()
    assert story_of["tech/2022/03/emergency-office-to-send-storm-alerts-through-telegram-channel.html"] != amn
    assert story_of["de/2022/02/stadtrat-beschliesst-ausbau-der-radwege.html"] != amn
    # The wire copy of the library story is a copy of the local original, in its story.
    local = "local/2021/11/city-council-approves-riverside-library-renovation.html"
    wire = "wire/2021/11/city-council-approves-riverside-library-renovation.html"
    assert story_of[local] == story_of[wire]
    originals = {r.url.split("/", 3)[3]: r.duplicate_of_id for r in rows}
    ids = {r.url.split("/", 3)[3]: r for r in rows}
    assert originals[wire] is not None and originals[local] is None
    assert len({s for s in story_of.values()}) == len(story_of) - 2
    assert ids  # every demo article stored
    # The run summary counts them: the second seed report joined, the wire copy is a copy, the rest start one.
    assert (summary["stories_joined"], summary["duplicates"]) == (1, 1)
    assert summary["stories_new"] == len(story_of) - 2 == summary["new"] - 1
