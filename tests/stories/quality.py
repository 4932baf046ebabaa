"""Load the labelled set through the real loader and score the duplicates and stories it stores."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, select

from newsingest.db.load import ArticleRow, load_articles
from newsingest.db.models import Article
from newsingest.dedup import content_hash, simhash
from newsingest.stories.metrics import Quality, quality
from tests.stories.labelled import Item

BATCH = 50


def as_row(item: Item) -> ArticleRow:
    """Return the loader row of a labelled item (its URL is its id)."""
    return ArticleRow(
        url=f"https://labelled.example/{item.id}",
        source=item.source[:64],
        title=item.title,
        authors=[],
        published_at=item.published,
        modified_at=None,
        language=item.language,
        text=item.text,
        word_count=len(item.text.split()),
        tags=[],
        image_url=None,
        site_name=None,
        content_hash=content_hash(item.text),
        fingerprint=f"{simhash(item.text):016x}",
        extractor_version="labelled",
        page_id=None,
        seen_at=item.published + timedelta(hours=1),
    )


@dataclass(frozen=True, slots=True)
class Scores:
    """What the loader made of the labelled set."""

    duplicates: Quality
    stories: Quality
    rewrites: Quality  # story pairs of different texts in one language: reports in other words
    cross_language: Quality  # story pairs in two languages


def load_and_score(engine: Engine, items: list[Item]) -> Scores:
    """Load items in time order, in batches, and score the stored links against the labels."""
    ordered = sorted(items, key=lambda i: (i.published, i.id))
    for start in range(0, len(ordered), BATCH):
        with engine.begin() as conn:
            load_articles(conn, [as_row(i) for i in ordered[start : start + BATCH]])
    with engine.connect() as conn:
        stored = conn.execute(
            select(Article.id, Article.url, Article.story_id, Article.duplicate_of_id)
        ).all()
    key = {r.url.rsplit("/", 1)[1]: r for r in stored}
    by = {i.id: i for i in items}
    original = {name: r.duplicate_of_id or r.id for name, r in key.items()}
    story = {name: r.story_id for name, r in key.items()}
    return Scores(
        duplicates=quality({i.id: i.dup for i in items}, original),
        stories=quality({i.id: i.story for i in items}, story),
        rewrites=quality(
            {i.id: i.story for i in items},
            story,
            lambda a, b: by[a].dup != by[b].dup and by[a].language == by[b].language,
        ),
        cross_language=quality(
            {i.id: i.story for i in items}, story, lambda a, b: by[a].language != by[b].language
        ),
    )
