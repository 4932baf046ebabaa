"""Loader rows for the load stage: real synthetic articles, each row made unique by its number."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from newsingest.contracts import ArticleRow
from newsingest.dedup import content_hash, simhash
from newsingest.extract import EXTRACTOR_VERSION
from sitegen import Site, SiteSpec

# Rendering an article and its SimHash take ~1.5 ms; rows reuse this many distinct texts instead of
# rendering all N, so building rows stays cheap beside the load being measured.
DISTINCT_TEXTS = 1000


class RowMaker:
    """Builds ArticleRow number i from article i % DISTINCT_TEXTS of the site, with a unique URL and text."""

    def __init__(self, spec: SiteSpec, base_url: str) -> None:
        """Render the distinct articles once."""
        view = Site(spec).view()
        self.base_url = base_url
        self.site_name = spec.host_name
        self.articles = [view.article(i) for i in range(min(spec.n_articles, DISTINCT_TEXTS))]
        self.fingerprints = [f"{simhash(self._body(i)):016x}" for i in range(len(self.articles))]
        self.seen_at = datetime.now(UTC)

    def _body(self, index: int) -> str:
        return "\n\n".join(self.articles[index].paragraphs)

    def row(self, number: int) -> ArticleRow:
        """Return row number (0-based)."""
        index = number % len(self.articles)
        article = self.articles[index]
        # A distinct last line keeps every content hash distinct, so every row is a new article.
        text = f"{self._body(index)}\n\nReference {number}."
        return ArticleRow(
            url=f"{self.base_url}/load/{number}.html",
            source="synthetic",
            title=article.entry.title,
            authors=list(article.authors),
            published_at=article.entry.published + timedelta(seconds=number),
            modified_at=article.entry.modified,
            language=article.entry.language,
            text=text,
            word_count=len(text.split()),
            tags=list(article.tags),
            image_url=None,
            site_name=self.site_name,
            content_hash=content_hash(text),
            fingerprint=self.fingerprints[index],
            extractor_version=EXTRACTOR_VERSION,
            page_id=None,
            seen_at=self.seen_at,
            meta={"date_source": "json-ld", "language_confidence": 0.99},
        )

    def batches(self, total: int, size: int) -> Iterator[list[ArticleRow]]:
        """Yield rows 0..total-1 in lists of size."""
        for start in range(0, total, size):
            yield [self.row(number) for number in range(start, min(start + size, total))]
