"""What a template needs beyond the article: the site's name, base URL, sections and related entries."""

from dataclasses import dataclass

from sitegen.article import Article, Entry


@dataclass(frozen=True, slots=True)
class PageContext:
    """The article to render and its surroundings."""

    article: Article
    base_url: str
    site_name: str
    sections: tuple[str, ...]
    related: tuple[Entry, ...]

    @property
    def url(self) -> str:
        """Return the article's absolute URL."""
        return self.base_url + self.article.entry.path

    @property
    def image(self) -> str:
        """Return the absolute URL of the article's lead photo."""
        published = self.article.entry.published
        return f"{self.base_url}/media/{published:%Y/%m}/photo-{self.article.entry.id}.jpg"
