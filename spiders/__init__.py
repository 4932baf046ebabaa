"""Scrapy spiders, importable by module name (scrapy.cfg points here for `scrapy crawl news`)."""
