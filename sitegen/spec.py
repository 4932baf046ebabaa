"""SiteSpec: everything that determines a synthetic site, so (spec) alone reproduces every byte."""

import re
from dataclasses import dataclass, field
from datetime import date

SECTION_NAME = re.compile(r"^[a-z][a-z-]*$")


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """The shape of a synthetic news site: size, seed, date range and mix of article kinds."""

    n_articles: int
    seed: int = 0
    start: date = date(2020, 1, 1)
    end: date = date(2022, 12, 31)
    # Share of articles per non-English language; the rest are English.
    languages: dict[str, float] = field(default_factory=lambda: {"de": 0.08, "fr": 0.04})
    syndicated_share: float = 0.03
    modified_share: float = 0.2
    sections: tuple[str, ...] = ("world", "politics", "business", "local", "tech")
    gzip_sitemaps: bool = False
    # Spacing of articles published by add_articles(), in seconds (jittered per article).
    added_interval: int = 3600
    host_name: str = "The Daily Synthetic"

    def __post_init__(self) -> None:
        """Reject specs that cannot produce a consistent site."""
        if self.n_articles < 1:
            raise ValueError("n_articles must be at least 1")
        if self.end < self.start:
            raise ValueError("end is before start")
        if not self.sections or not all(SECTION_NAME.match(s) for s in self.sections):
            raise ValueError("sections must be non-empty lowercase names")
        if len(self.sections) < 2:
            # A syndicated copy lives in a different section from its original.
            raise ValueError("at least two sections are needed")
        if sum(self.languages.values()) + self.syndicated_share > 1:
            raise ValueError("language and syndication shares exceed 1")
        if self.added_interval < 10:
            raise ValueError("added_interval must be at least 10 seconds")

    def __hash__(self) -> int:
        """Hash by value despite the languages dict (specs key caches)."""
        return hash((self.n_articles, self.seed, self.start, self.end, tuple(sorted(self.languages.items()))))
