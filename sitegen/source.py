"""The Source that ingests a synthetic site: its feed, sitemap index and news sitemap, at full speed."""

from newsingest.sources import Listing, Source
from sitegen.urls import ARTICLE_PATTERN


def synthetic_source(
    base_url: str,
    *,
    slug: str = "synthetic",
    name: str = "The Daily Synthetic",
    archive: bool = False,
    max_pages: int = 1000,
) -> Source:
    """Return a Source for the synthetic site served at base_url (archive: also its /latest/ listing)."""
    return Source(
        slug=slug,
        name=name,
        domain="127.0.0.1",
        allowed_hosts=["127.0.0.1"],
        # The site is on loopback, which the SSRF guard refuses unless the source opts in.
        allow_private_hosts=["127.0.0.1"],
        base_url=base_url,
        feeds=["/feed.xml"],
        sitemaps=["/sitemap_index.xml", "/news-sitemap.xml"],
        listings=[Listing(url="/latest/", article_pattern=ARTICLE_PATTERN)] if archive else [],
        article_pattern=ARTICLE_PATTERN,
        # A local test server needs no politeness delay.
        download_delay=0,
        max_pages=max_pages,
    )
