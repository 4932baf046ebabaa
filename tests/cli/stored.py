"""A database holding what a few runs leave, written by the real writers: runs, pages, articles, failures.

The amn article was fetched under a tracking URL, corrected once (a version) and copied word for word
by kurdistan24 (a duplicate in its story); its fetched URL also failed once. Titles, URLs and failure
details are long on purpose: the tables must still fit 80 columns.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from newsingest.config import get_settings
from newsingest.contracts import ArticleRow
from newsingest.crawl.items import RawPage
from newsingest.crawl.store import PageStore
from newsingest.db.failures import record_failure
from newsingest.db.load import load_articles
from newsingest.db.models import Article, Page, table_of
from newsingest.db.runs import finish_run, start_run, sync_source
from newsingest.dedup import canonical_url, content_hash
from newsingest.sources import Source, load_sources, select_sources

NOW = datetime.now(UTC).replace(microsecond=0)
AMN_PATH = "/2022/01/2-suicide-drones-shot-down-while-trying-to-attack-us-troops-in-iraq/"
# As the feed linked it: www., a tracking parameter and a fragment; the stored key is canonical.
AMN_FETCHED = f"https://www.americanmilitarynews.com{AMN_PATH}?utm_source=rss&utm_medium=feed#comments"
AMN_URL = canonical_url(AMN_FETCHED)
K24_URL = "https://www.kurdistan24.net/en/story/2022/01/03/coalition-forces-targeted-by-suicide-drones-in-baghdad-international-airport-area"
LONG_TITLE = (
    "2 suicide drones shot down while trying to attack US troops in Iraq on the anniversary of "
    "the killing of Qassim Soleimani, officials said on Monday"
)
FIRST_TEXT = "Two drones were shot down near Baghdad airport.\n\nNo one was hurt, officials said."
CORRECTED = FIRST_TEXT + "\n\nCorrection: the attack was near Ain al-Asad air base, not Baghdad."
PUBLISHED = datetime(2022, 1, 3, 9, 30, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Stored:
    """The ids of what stored_rows wrote."""

    amn_id: int
    k24_id: int
    undated_id: int
    page_id: int
    ids_by_source: dict[str, list[int]]


def bundled(*slugs: str) -> list[Source]:
    """Return the bundled sources of these slugs."""
    return select_sources(load_sources(get_settings().sources_file), list(slugs))


def article(url: str, source: str, text: str, seen_at: datetime, **fields: object) -> ArticleRow:
    """Return a loader row for url with text, seen at seen_at."""
    values: dict[str, object] = {
        "title": f"Article at {url.rstrip('/').rsplit('/', 1)[-1]}",
        "authors": ["Carla Babb", "Dilan Rashid"],
        "published_at": PUBLISHED,
        "modified_at": None,
        "language": "en",
        "tags": ["iraq", "drones"],
        "image_url": None,
        "site_name": None,
        "page_id": None,
        "meta": {"date_source": "json-ld"},
    } | fields
    return ArticleRow(
        url=url,
        source=source,
        text=text,
        word_count=len(text.split()),
        content_hash=content_hash(text),
        fingerprint="0" * 16,
        extractor_version="3",
        seen_at=seen_at,
        **values,  # type: ignore[arg-type]
    )


def stored_rows(engine: Engine, extra: int = 6) -> Stored:
    """Write runs, a page, articles (a version, a copy, an undated one, extra more) and failures."""
    sources = bundled("amn", "kurdistan24", "demo")
    for source in sources:
        sync_source(engine, source)
    run = start_run(engine, "amn", "manual", {}, None)
    store = PageStore(engine, "amn", run)
    fetched_at = NOW - timedelta(hours=5)
    store.add_page(RawPage(AMN_FETCHED, AMN_FETCHED, 200, {}, b"<html>drones</html>", fetched_at))
    store.flush()
    pages = table_of(Page)
    with engine.connect() as conn:
        page_id = conn.execute(select(pages.c.id).where(pages.c.url == AMN_FETCHED)).scalar_one()
    with engine.begin() as conn:
        load_articles(
            conn,
            [article(AMN_URL, "amn", FIRST_TEXT, NOW - timedelta(hours=5), title="Drones", page_id=page_id)],
        )
    with engine.begin() as conn:  # the correction: a new text, so the first one becomes a version
        load_articles(
            conn,
            [
                article(
                    AMN_URL, "amn", CORRECTED, NOW - timedelta(minutes=3), title=LONG_TITLE, page_id=page_id
                )
            ],
        )
    with engine.begin() as conn:  # kurdistan24 runs the same copy: a duplicate of the amn article
        load_articles(conn, [article(K24_URL, "kurdistan24", CORRECTED, NOW - timedelta(minutes=2))])
        load_articles(
            conn,
            [
                article(
                    "https://kurdistan24.net/en/undated",
                    "kurdistan24",
                    "A text without a date.",
                    NOW - timedelta(days=2),
                    published_at=None,
                    title="Erbil farmers expect a stronger wheat harvest / 埃尔比勒农民预计小麦丰收",
                )
            ],
        )
        load_articles(
            conn,
            [
                article(
                    f"https://americanmilitarynews.com/2022/02/story-{i}/",
                    "amn",
                    f"Story number {i} about veterans in Dayton.",
                    NOW - timedelta(days=i),
                    published_at=PUBLISHED + timedelta(days=30 + i),
                )
                for i in range(extra)
            ],
        )
    finish_run(engine, run, "completed", {"discovered": 12, "fetched": 8, "new": 8}, {})
    with engine.begin() as conn:
        record_failure(
            conn,
            source="amn",
            stage="extract",
            url=AMN_FETCHED,
            error_class="EmptyExtraction",
            detail="no article text found on the page; the body held only a video player and a sign-up form",
        )
        for _ in range(3):
            record_failure(
                conn,
                source="kurdistan24",
                stage="fetch",
                url="https://www.kurdistan24.net/en/story/2022/01/04/a-very-long-article-path-that-goes-on-and-on-until-it-no-longer-fits",
                error_class="HTTP 500",
                detail="server answered 500",
                http_status=500,
            )
    articles = table_of(Article)
    with engine.connect() as conn:
        ids = {row.url: row.id for row in conn.execute(select(articles.c.url, articles.c.id))}
        by_source: dict[str, list[int]] = {}
        for row in conn.execute(select(articles.c.source, articles.c.id).order_by(articles.c.id)):
            by_source.setdefault(row.source, []).append(row.id)
    return Stored(
        amn_id=ids[AMN_URL],
        k24_id=ids[K24_URL],
        undated_id=ids["https://kurdistan24.net/en/undated"],
        page_id=page_id,
        ids_by_source=by_source,
    )
