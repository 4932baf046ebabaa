"""One row per article and the newest text wins, on SQLite and PostgreSQL; nothing unstorable gets in."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select
from tests.db.pages import insert_page

from newsingest.contracts import ArticleRow
from newsingest.db.load import load_articles
from newsingest.db.models import Article, ArticleVersion, Story
from newsingest.dedup import content_hash
from newsingest.extract import ExtractedArticle as Extracted
from newsingest.process.job import PageJob, article_url, to_row
from newsingest.sources.model import CleaningRules

NOW = datetime(2024, 3, 1, 12, tzinfo=UTC)
WORDS = " ".join(f"word{i}" for i in range(40))


def add_page(engine: Engine, url: str, fetched_at: datetime) -> int:
    """Store a processed raw page of url fetched at fetched_at and return its id."""
    with engine.begin() as conn:
        return insert_page(conn, url, fetched_at, processed_at=fetched_at)


def row(url: str, text: str, page_id: int | None = None, fetched_at: datetime | None = None) -> ArticleRow:
    """Return a loader row of url with text."""
    loaded = ArticleRow(
        url=url,
        source="s",
        title="T",
        authors=[],
        published_at=NOW,
        modified_at=None,
        language="en",
        text=text,
        word_count=len(text.split()),
        tags=[],
        image_url=None,
        site_name=None,
        content_hash=content_hash(text),
        fingerprint="0" * 16,
        extractor_version="1",
        page_id=page_id,
        seen_at=NOW,
    )
    if fetched_at is not None:
        loaded.fetched_at = fetched_at
    return loaded


def load(engine: Engine, *rows: ArticleRow) -> tuple[int, int, int, int]:
    """Load rows in one transaction; return (new, updated, unchanged, stale)."""
    with engine.begin() as conn:
        counts = load_articles(conn, list(rows))
    return counts.new, counts.updated, counts.unchanged, counts.stale


def stored(engine: Engine, url: str) -> tuple[str, int | None]:
    """Return the stored text and page id of url."""
    with engine.connect() as conn:
        found = conn.execute(select(Article.text, Article.page_id).where(Article.url == url)).one()
    return found.text, found.page_id


def job(url: str) -> PageJob:
    """Return the job of a page at url."""
    return PageJob(1, url, url, "text/html", b"", None, "s", CleaningRules())


def extracted(canonical: str | None, text: str = WORDS) -> Extracted:
    """Return an extracted article declaring canonical."""
    return Extracted(text=text, title="T", language="en", canonical_url=canonical)


# --- the article's key ------------------------------------------------------------------------------


def test_a_canonical_naming_the_home_page_or_a_section_is_not_the_articles_key() -> None:
    page = "https://www.n.example/news/123-budget"
    assert article_url(page, "https://n.example/") == "https://n.example/news/123-budget"
    assert article_url(page, "https://www.n.example/news/") == "https://n.example/news/123-budget"
    assert article_url(page, "https://n.example/news") == "https://n.example/news/123-budget"


def test_a_canonical_failing_the_sources_article_pattern_is_not_the_articles_key() -> None:
    page = "https://www.n.example/news/123-budget"
    pattern = r"^https://www\.n\.example/news/\d+-"  # written with www.: both host forms match
    assert article_url(page, "https://n.example/about/team", pattern) == "https://n.example/news/123-budget"
    assert article_url(page, "https://n.example/news/123-budget-vote", pattern) == (
        "https://n.example/news/123-budget-vote"
    )


def test_a_relative_canonical_is_resolved_against_the_page() -> None:
    page = "https://n.example/news/123-budget?utm_source=x"
    assert article_url(page, "/news/123-budget-vote") == "https://n.example/news/123-budget-vote"
    assert article_url(page, "123-budget-vote") == "https://n.example/news/123-budget-vote"


def test_a_plausible_same_site_canonical_is_still_the_key() -> None:
    page = "https://n.example/amp/news/123-budget"
    assert (
        article_url(page, "https://www.n.example/news/123-budget", None)
        == "https://n.example/news/123-budget"
    )
    # Other sites, other schemes, broken and monstrous links name nothing: the page's own URL stays.
    for declared in ("https://other.example/news/123-x", "ftp://n.example/news/123-x", "http://[::1/x"):
        assert article_url(page, declared, None) == "https://n.example/amp/news/123-budget"
    assert article_url(page, "/news/123-" + "x" * 3000, None) == "https://n.example/amp/news/123-budget"


def test_pages_declaring_the_home_page_as_canonical_stay_separate_articles(engine: Engine) -> None:
    rows = [
        replace(
            to_row(extracted("/", f"{WORDS} story {i}"), job(f"https://n.example/news/{i}-story"), NOW),
            page_id=None,
        )
        for i in range(3)
    ]
    load(engine, *rows)  # one text three times with another last word: one new article, two near-copies
    with engine.connect() as conn:
        urls = conn.execute(select(Article.url).order_by(Article.url)).scalars().all()
    assert urls == [f"https://n.example/news/{i}-story" for i in range(3)]


# --- the newest text wins -----------------------------------------------------------------------------


def test_an_older_page_loaded_after_a_newer_one_does_not_overwrite_it(engine: Engine) -> None:
    url = "https://n.example/news/1-a"
    old_page = add_page(engine, url, NOW - timedelta(hours=5))
    new_page = add_page(engine, url, NOW - timedelta(hours=1))
    assert load(engine, row(url, "corrected text", new_page, NOW - timedelta(hours=1)))[0] == 1
    # A reprocess of the older page, running beside the ingest that stored the correction.
    assert load(engine, row(url, "original text", old_page, NOW - timedelta(hours=5))) == (0, 0, 1, 1)
    assert stored(engine, url) == ("corrected text", new_page)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ArticleVersion)).scalar_one() == 0
    # A newer page still wins, and reprocessing the current page itself applies.
    newest = add_page(engine, url, NOW)
    assert load(engine, row(url, "newest text", newest, NOW))[1] == 1
    assert load(engine, row(url, "newest text, re-extracted", newest, NOW))[1] == 1
    assert stored(engine, url) == ("newest text, re-extracted", newest)
    with engine.connect() as conn:
        pages = conn.execute(select(ArticleVersion.page_id).order_by(ArticleVersion.id)).scalars().all()
    assert pages == [new_page, newest]  # each version keeps the page its text came from


def test_in_one_batch_the_latest_fetch_wins_whatever_the_order(engine: Engine) -> None:
    url = "https://n.example/news/2-b"
    old_page = add_page(engine, url, NOW - timedelta(hours=3))
    new_page = add_page(engine, url, NOW)
    load(engine, row(url, "newer", new_page, NOW), row(url, "older", old_page, NOW - timedelta(hours=3)))
    assert stored(engine, url) == ("newer", new_page)


# --- stories and duplicates follow the text ------------------------------------------------------------


def story_count(engine: Engine) -> int:
    """Return how many stories are stored."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Story)).scalar_one())


def test_a_changed_text_leaves_its_old_story_and_joins_the_new_one(engine: Engine) -> None:
    a, b, c = (f"https://{site}.example/x" for site in "abc")
    first = row(a, "wire text")
    load(engine, first, replace(row(b, "wire text"), published_at=NOW + timedelta(hours=1)))
    load(engine, replace(row(c, "other text"), published_at=NOW - timedelta(hours=1)))

    def by_host() -> dict[str, tuple[str | None, int | None]]:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Article.id, Article.url, Article.duplicate_of_id, Story.article_count).outerjoin(
                    Story, Story.id == Article.story_id
                )
            ).all()
        host = {r.id: r.url.split("/")[2].split(".")[0] for r in rows}
        return {
            host[r.id]: (host.get(r.duplicate_of_id) if r.duplicate_of_id else None, r.article_count)
            for r in rows
        }

    assert by_host() == {"a": (None, 2), "b": ("a", 2), "c": (None, 1)}
    # a is corrected into its own text: b is left alone as the original of the wire copy.
    load(engine, replace(row(a, "corrected wire text"), seen_at=NOW + timedelta(days=1)))
    assert by_host() == {"a": (None, 1), "b": (None, 1), "c": (None, 1)}
    assert story_count(engine) == 3
    # a is corrected again, into c's text (c was published first): it joins c's story as a copy,
    # and its own one-article story is gone.
    load(engine, replace(row(a, "other text"), seen_at=NOW + timedelta(days=2)))
    assert by_host() == {"a": ("c", 2), "b": (None, 1), "c": (None, 2)}
    assert story_count(engine) == 2


# --- nothing unstorable reaches the database ------------------------------------------------------------


def test_nul_and_lone_surrogates_never_reach_the_database(engine: Engine) -> None:
    dirty = replace(
        row("https://n.example/news/3-\x00c", "body text here"),
        text="body\x00 text \ud800here",
        title="Ti\x00tle\udfff",
        authors=["A\x00 Writer"],
        tags=["t\x00ag"],
        site_name="Site\x00",
        meta={"description": "d\x00", "k\x00ey": ["v\ud83d"]},
    )
    assert load(engine, dirty)[0] == 1
    with engine.connect() as conn:
        article = conn.execute(select(Article)).one()
        story = conn.execute(select(Story.title)).scalar_one()
    assert article.url == "https://n.example/news/3-c"
    assert (article.title, article.text, story) == ("Title", "body text here", "Title")
    assert (article.authors, article.tags, article.site_name) == (["A Writer"], ["tag"], "Site")
    assert article.meta == {"description": "d", "key": ["v"]}
    assert article.content_hash == content_hash("body text here")  # the hash is of the stored text
