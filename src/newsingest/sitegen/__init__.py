"""A deterministic synthetic news site, rendered on the fly from (seed, article id), and its server."""

from newsingest.sitegen.article import Article, Entry
from newsingest.sitegen.model import Site, View
from newsingest.sitegen.requestlog import LoggedRequest, RequestLog
from newsingest.sitegen.server import SyntheticSite
from newsingest.sitegen.spec import SiteSpec
from newsingest.sitegen.urls import ARTICLE_PATTERN

__all__ = [
    "ARTICLE_PATTERN",
    "Article",
    "Entry",
    "LoggedRequest",
    "RequestLog",
    "Site",
    "SiteSpec",
    "SyntheticSite",
    "View",
]
