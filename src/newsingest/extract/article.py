"""The ExtractedArticle record: what extraction yields for one page, before it is keyed and loaded."""

from dataclasses import dataclass, field
from datetime import datetime

from newsingest.clean.words import count_words


@dataclass(slots=True)
class ExtractedArticle:
    """Clean text and metadata of one news article."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    language: str = "und"
    language_confidence: float = 0.0
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    date_source: str | None = None
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def word_count(self) -> int:
        """Return the number of words in the text (estimated from characters in unspaced scripts)."""
        return count_words(self.text)
