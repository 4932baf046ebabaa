"""Crawl tests: discovery, the spider's callbacks and its database side."""
