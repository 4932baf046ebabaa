"""The site's URL scheme: article paths, the article pattern and slugs."""

import re
import unicodedata
from datetime import date

# Matches article URLs only (never listings, sitemaps or feeds): /<section>/YYYY/MM/DD/<slug>-<id>.html
ARTICLE_PATTERN = r"/[a-z][a-z-]*/\d{4}/\d{2}/\d{2}/[a-z0-9-]+-\d+\.html$"
ARTICLE_PATH = re.compile(
    r"^/(?P<section>[a-z][a-z-]*)/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/"
    r"(?P<slug>[a-z0-9-]+)-(?P<id>\d+)\.html$"
)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_WORDS = 8


def slugify(title: str) -> str:
    """Return an ASCII slug of the title's first words (accents folded, ß as ss)."""
    folded = unicodedata.normalize("NFKD", title.replace("ß", "ss")).encode("ascii", "ignore").decode()
    words = _NON_SLUG.sub(" ", folded.lower()).split()
    return "-".join(words[:SLUG_WORDS]) or "article"


def article_path(section: str, day: date, slug: str, article_id: int) -> str:
    """Return the path of an article."""
    return f"/{section}/{day:%Y/%m/%d}/{slug}-{article_id}.html"


def article_id_of(path: str) -> int | None:
    """Return the id in an article path, or None when path is not shaped like one."""
    match = ARTICLE_PATH.match(path)
    return int(match.group("id")) if match else None
