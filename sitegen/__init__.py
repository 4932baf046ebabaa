"""A deterministic synthetic news site, rendered on the fly from (seed, article id), and its server."""

from sitegen.article import Article, Entry
from sitegen.model import Site, View
from sitegen.requestlog import LoggedRequest, RequestLog
from sitegen.server import SyntheticSite
from sitegen.spec import SiteSpec
from sitegen.urls import ARTICLE_PATTERN

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
