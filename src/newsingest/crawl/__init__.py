"""Crawling: discovery parsers, Scrapy settings, spider, raw-page storage and the subprocess runner."""
