"""Scrapy project settings for running a spider by hand from a checkout (`scrapy crawl news`).

Flows do not read this: newsingest.crawl.settings derives each crawl's settings from the Source.
"""

from newsingest.config import get_settings
from newsingest.crawl.settings import scrapy_settings
from newsingest.sources import Source

_defaults = scrapy_settings(
    Source(slug="manual", name="manual", domain="localhost", feeds=["http://localhost/"]), get_settings()
)
globals().update(_defaults)
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
