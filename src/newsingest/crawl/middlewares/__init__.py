"""Downloader middlewares of the crawl, one per module: SSRF guard, Retry-After, robots.txt policy."""
