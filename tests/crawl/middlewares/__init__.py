"""The crawl's downloader middlewares, each with Scrapy's own middleware chain and no process."""
