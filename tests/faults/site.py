"""Pages, feeds and sources for fault tests, and a helper that runs the real ingest flow."""

import hashlib
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from prefect.states import State
from sqlalchemy import Engine, func, select

from newsingest.config import get_settings
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.runner import CrawlOutcome, run_crawl
from newsingest.db.models import Article, Failure, Page
from newsingest.orchestration.ingest import ingest
from newsingest.sources import Listing, Source
from tests.conftest import write_sources
from tests.faults.server import FaultServer, Reply

SENTENCES = [
    "The city council voted on Tuesday to fund a new library branch in the northern district.",
    "Residents had asked for longer opening hours and more study rooms for students.",
    "The project will cost about four million dollars and take two years to finish.",
    "Officials said construction companies can submit their offers until the end of March.",
    "A local historian welcomed the plan and recalled the old reading room that closed in 1998.",
    "Parents at the meeting asked for a children's corner and free evening classes.",
    "The mayor promised that the building would use solar panels and rainwater tanks.",
    "Opponents argued that the money should repair roads and bridges first.",
    "The council will publish the architect's drawings on its website next month.",
    "Volunteers have already collected more than three thousand books for the new shelves.",
]


def article_text(slug: str, sentences: int = 8) -> str:
    """Return a deterministic English article body, its own text for every slug.

    Sentences are drawn from the pool and given slug-specific details, so two slugs' texts are not near-copies
    of each other (the loader links near-copies to one original).
    """
    rng = random.Random(hashlib.sha256(slug.encode()).digest())
    chosen = rng.sample(SENTENCES, k=min(sentences, len(SENTENCES)))
    words = [w.strip(".,") for s in SENTENCES for w in s.split() if len(w) > 4]
    detailed = [f"{s[:-1]}, {' '.join(rng.sample(words, 6))}." for s in chosen]
    return f"This report about {slug.replace('-', ' ')} was filed on Monday. " + " ".join(detailed)


def article_html(
    slug: str, text: str | None = None, published: datetime | None = None, extra: str = ""
) -> str:
    """Return an article page: title, publication date and paragraphs."""
    body = text if text is not None else article_text(slug)
    when = (published or datetime(2024, 3, 1, 9, tzinfo=UTC)).isoformat()
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split(". ") if p)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(slug)}</title>"
        f"<meta property='article:published_time' content='{when}'>{extra}</head>"
        f"<body><article><h1>{escape(slug)}</h1>{paragraphs}</article></body></html>"
    )


def page(slug: str, **kwargs: Any) -> Reply:
    """Return a 200 reply serving article_html(slug)."""
    return Reply(200, article_html(slug, **kwargs).encode("utf-8"))


def rss(urls: list[str]) -> Reply:
    """Return an RSS 2.0 feed linking to urls."""
    items = "".join(f"<item><title>{escape(u)}</title><link>{escape(u)}</link></item>" for u in urls)
    body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{items}</channel></rss>"
    return Reply(200, body.encode(), {"Content-Type": "application/rss+xml"})


def serve_articles(server: FaultServer, slugs: list[str], feed: str = "/feed.xml") -> list[str]:
    """Serve one article per slug at /news/<slug>.html and a feed listing them; return their paths."""
    paths = [f"/news/{slug}.html" for slug in slugs]
    for slug, path in zip(slugs, paths, strict=True):
        server.routes[path] = page(slug)
    server.routes[feed] = rss([server.url(p) for p in paths])
    return paths


def fault_source(server: FaultServer, slug: str = "faults", **update: Any) -> Source:
    """Return a source crawling server's /feed.xml; it opts in to its loopback address."""
    values: dict[str, Any] = {
        "slug": slug,
        "name": "Fault site",
        "domain": "127.0.0.1",
        "base_url": server.base_url,
        "feeds": ["/feed.xml"],
        "article_pattern": r"/news/",
        "download_delay": 0,
        "allow_private_hosts": ["127.0.0.1"],
    }
    values.update(update)
    if "listings" in values:
        values["listings"] = [Listing(**li) if isinstance(li, dict) else li for li in values["listings"]]
    return Source(**values)


def crawl_only(source: Source, database_url: str) -> CrawlOutcome:
    """Run one real crawl of source (a subprocess, as `newsingest run` does), processing nothing."""
    return run_crawl(
        CrawlPlan(source=source),
        lambda _level, _line: None,
        database_url,
        timeout=get_settings().crawl_timeout,
    )


def run_ingest(tmp_path: Path, *sources: Source) -> State[Any]:
    """Run the real ingest flow over sources and return its final state (failed runs do not raise)."""
    path = write_sources(tmp_path / f"sources-{datetime.now(UTC).timestamp()}.yaml", *sources)
    state: State[Any] = ingest(
        sources=[s.slug for s in sources], sources_file=str(path), kind="manual", return_state=True
    )
    return state


def summary_of(state: State[Any]) -> dict[str, Any]:
    """Return the single source summary of a completed run."""
    assert state.is_completed(), state.message
    [summary] = state.result()
    return dict(summary)


def failures(engine: Engine, base_url: str = "", open_only: bool = True) -> dict[str, tuple[str, str]]:
    """Return {path: (stage, error_class)} of the failures rows."""
    query = select(Failure.url, Failure.stage, Failure.error_class)
    if open_only:
        query = query.where(Failure.resolved_at.is_(None))
    with engine.connect() as conn:
        return {url.removeprefix(base_url): (stage, kind) for url, stage, kind in conn.execute(query)}


def articles(engine: Engine, base_url: str = "") -> dict[str, Article]:
    """Return {path: Article} of the stored articles."""
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        return {a.url.removeprefix(base_url): a for a in session.scalars(select(Article))}


def count(engine: Engine, model: type, *where: Any) -> int:
    """Return the number of rows of model matching where."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def unprocessed(engine: Engine) -> int:
    """Return how many stored pages wait for processing."""
    return count(engine, Page, Page.processed_at.is_(None))
