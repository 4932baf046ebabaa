"""False merges found on the evaluation pages: a match resting on one word, and pages without a date."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from newsingest.db.load import load_articles
from newsingest.db.models import Article, StoryTerm
from newsingest.dedup import content_hash, simhash
from newsingest.stories.similarity import similarity
from tests.stories.test_migration import REPORT
from tests.stories.test_placing import row

# Two reports a day apart that share one word, often repeated, and little else (written for this test,
# after two pages of the evaluation set that the loader put in one story).
PYTHON_ENVIRONMENTS = (
    "Python is flexible about where it lives on a machine, and that is where the trouble starts. "
    "Python installs from the system packages, Python from the official installer and Python from a "
    "version manager sit side by side, and each keeps its own libraries. The guide walks through virtual "
    "environments first: one folder per project, created with the venv module that ships with Python. "
    "Then it compares pyenv, which builds several Python versions from source, with conda, which brings "
    "compiled libraries for data science. Pinning versions in a lock file keeps colleagues on the same "
    "setup, and containers go one step further. Python beginners should start with venv and pip."
)
MERCURIAL = (
    "Mercurial 5.2 was the first release to support Python 3, a port that took the project more than "
    "five years. The version control tool had relied on Python 2 string semantics throughout: file names, "
    "revision data and network traffic are bytes, and Python 3 wanted text. The maintainers wrote a source "
    "transformer that rewrote string literals as bytes at import time so one code base could run on both "
    "Python versions. Performance suffered at first because Python 3 starts slower, and extensions written "
    "against the old interpreter broke. Looking back, the lead developer argues Python 3 should have kept "
    "bytes and text closer together, and that the migration cost the community a decade of progress."
)


# The same event in other words again, dated (written for this test).
DATED = (
    "Coalition air defences shot down two armed drones approaching Baghdad airport overnight, officials "
    "said. The C-RAM system protecting the diplomatic support center destroyed both aircraft before they "
    "reached the base. Markings on the wreckage referred to Qassem Soleimani, killed near the airport two "
    "years ago. No injuries were reported and no group has claimed responsibility for the attack."
)


def written(url: str, title: str, text: str, published: datetime | None, seen: datetime) -> object:
    """Return a loader row for a text written for these tests."""
    return replace(
        row("rw-drones-en"),
        url=url,
        source=url.split("/")[2],
        title=title,
        text=text,
        word_count=len(text.split()),
        content_hash=content_hash(text),
        fingerprint=f"{simhash(text):016x}",
        published_at=published,
        seen_at=seen,
    )


def stories_by_url(engine: Engine) -> dict[str, tuple[int | None, int | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(Article.url, Article.story_id, Article.duplicate_of_id)).all()
    return {r.url: (r.story_id, r.duplicate_of_id) for r in rows}


def test_the_rest_of_a_match_is_what_the_other_shared_terms_say() -> None:
    match = similarity({"a": 1.0, "b": 1.0}, {"a": 1.0, "b": 1.0}, {"a": 1.0, "b": 1.0}, 1.0)
    assert (round(match.cosine, 9), match.shared, round(match.rest, 9)) == (1.0, 2, 0.5)
    one_word = similarity({"a": 9.0, "b": 1.0}, {"a": 9.0, "b": 1.0}, {"a": 1.0, "b": 1.0}, 1.0)
    assert one_word.cosine > 0.99 and one_word.rest < 0.02


def test_two_reports_sharing_one_repeated_word_are_two_stories(engine: Engine) -> None:
    day = datetime(2020, 1, 10, 9, tzinfo=UTC)
    first = written("https://a.example/python", "Managing Python environments", PYTHON_ENVIRONMENTS, day, day)
    later = day + timedelta(days=1)
    second = written("https://b.example/hg", "Mercurial's journey to Python 3", MERCURIAL, later, later)
    for r in (first, second):
        with engine.begin() as conn:
            load_articles(conn, [r])  # type: ignore[list-item]
    story = stories_by_url(engine)
    assert story["https://a.example/python"][0] != story["https://b.example/hg"][0]


def test_articles_without_a_date_join_stories_only_as_copies(engine: Engine) -> None:
    drones = row("rw-drones-en")
    seen = datetime(2026, 12, 6, 10, tzinfo=UTC)  # loaded at once, as a crawl of undated pages is
    undated = replace(drones, published_at=None, seen_at=seen)
    other_words = written(
        "https://report.example/drones", "Drones downed at Baghdad airport", REPORT, None, seen
    )
    copy_text = undated.text + "\nShare this article"
    copy = replace(
        undated,
        url="https://copy.example/drones",
        text=copy_text,
        content_hash=content_hash(copy_text),
        fingerprint=f"{simhash(copy_text):016x}",
    )
    dated_report = written(
        "https://dated.example/drones", "Drones shot down over Baghdad airport", DATED, seen, seen
    )
    for r in (undated, other_words, copy, dated_report):
        with engine.begin() as conn:
            load_articles(conn, [r])  # type: ignore[list-item]
    story = stories_by_url(engine)
    first = story[undated.url]
    assert story["https://copy.example/drones"][0] == first[0]  # a copy joins whatever its date
    assert story["https://copy.example/drones"][1] is not None
    # The same event in other words: joined neither when undated itself nor, dated, an undated story.
    assert story["https://report.example/drones"][0] != first[0]
    assert story["https://dated.example/drones"][0] not in (
        first[0],
        story["https://report.example/drones"][0],
    )
    with engine.connect() as conn:
        indexed = conn.execute(select(func.count()).where(StoryTerm.story_id == first[0])).scalar_one()
    assert indexed == 0
