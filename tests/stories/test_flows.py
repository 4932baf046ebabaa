"""Placing inside the backfill and reprocess flows (the ingest flow: test_demo_story), SQLite and PostgreSQL."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from newsingest.db.models import Article, ArticleBand, Story, StoryTerm
from newsingest.sources import Source
from tests.conftest import write_sources

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
AMN = "amn/2022/01/2-suicide-drones-shot-down-while-trying-to-attack-us-troops-in-iraq/"
K24 = "k24/2022/01/coalition-forces-targeted-by-suicide-drones-in-baghdad.html"
CANALS = "k24/2022/01/kurdistan-region-begins-repairs-on-aging-irrigation-canals.html"
DROPPED = "Nobody has yet claimed responsibility"  # a line of the K24 drone report only


def placed(engine: Engine) -> dict[str, tuple[int | None, int]]:
    """Return each article's story and its story's article count, by the article's path."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Article.url, Article.story_id, Story.article_count).join(
                Story, Story.id == Article.story_id
            )
        ).all()
    return {r.url.split("/", 3)[3]: (r.story_id, r.article_count) for r in rows}


def test_backfill_places_the_articles_and_reprocess_places_a_changed_text_again(
    engine: Engine, demo_source: Source, tmp_path: Path
) -> None:
    from newsingest.orchestration.backfill import backfill
    from newsingest.orchestration.reprocess import reprocess

    sources_file = str(write_sources(tmp_path / "sources.yaml", demo_source))
    [summary] = backfill(
        sources=["demo"], since=date(2022, 1, 1), until=date(2022, 1, 31), sources_file=sources_file
    )
    story = placed(engine)
    assert set(story) == {AMN, K24, CANALS}  # every article of January has a story
    assert story[AMN] == story[K24] == (story[AMN][0], 2) and story[CANALS][1] == 1
    assert (summary["stories_new"], summary["stories_joined"]) == (2, 1)

    # A new cleaning rule changes the K24 report's text: it leaves the story and joins it again by its words.
    rules = demo_source.rules.model_copy(
        update={"drop_line_patterns": [*demo_source.rules.drop_line_patterns, "^" + DROPPED]}
    )
    write_sources(Path(sources_file), demo_source.model_copy(update={"rules": rules}))
    [again] = reprocess(sources=["demo"], sources_file=sources_file)
    assert again["updated"] == 1 and (again["stories_new"], again["stories_joined"]) == (0, 1)
    assert placed(engine) == story
    with engine.connect() as conn:
        text = conn.execute(select(Article.text).where(Article.url.like(f"%{K24}"))).scalar_one()
        bands = conn.execute(select(func.count(func.distinct(ArticleBand.article_id)))).scalar_one()
        terms = conn.execute(select(func.count()).select_from(StoryTerm)).scalar_one()
        stories = conn.execute(select(func.count()).select_from(Story)).scalar_one()
    assert DROPPED not in text
    assert bands == 3 and terms > 0 and stories == 2  # its band keys written again, no story left empty
