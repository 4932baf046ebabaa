"""Scrapy settings for one source's crawl, derived from Settings and the Source (config flows one way)."""

from typing import Any

from newsingest.config import Settings
from newsingest.sources import Source


def scrapy_settings(source: Source, settings: Settings) -> dict[str, Any]:
    """Return the Scrapy settings of a polite crawl of source."""
    return {
        "BOT_NAME": "newsingest",
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": True,
        # AutoThrottle adapts the delay to the server's latency; DOWNLOAD_DELAY is its floor.
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": max(source.download_delay, 0.05),
        "AUTOTHROTTLE_MAX_DELAY": 60.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(settings.concurrent_requests_per_domain),
        "DOWNLOAD_DELAY": source.download_delay,
        "CONCURRENT_REQUESTS": 16,
        # Scrapy starts this many tasks for every callback's output, however short (an article gives one
        # item): at its default of 100 that bookkeeping cost more than storing the page.
        "CONCURRENT_ITEMS": 4,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.concurrent_requests_per_domain,
        "DOWNLOAD_TIMEOUT": settings.download_timeout,
        # Per source, far below Scrapy's 1 GiB default: a compression bomb stops at this many decoded bytes.
        "DOWNLOAD_MAXSIZE": min(source.download_maxsize, settings.download_maxsize),
        "DOWNLOAD_WARNSIZE": min(source.download_maxsize, settings.download_maxsize) // 4,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,  # news pages need no session; cookies only grow tracking state
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": settings.log_level,
        "DOWNLOADER_MIDDLEWARES": {
            # Before OffsiteMiddleware (50): nothing reaches a private address, redirects included. On the
            # way back it comes after RedirectMiddleware (600), so it sees the redirects that were not
            # followed (to file:, ftp:, …) and refuses them.
            "newsingest.crawl.middlewares.ssrf.SSRFGuardMiddleware": 40,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "newsingest.crawl.middlewares.robots.RobotsPolicyMiddleware": 100,
            # After RetryMiddleware (550) on the way in, before it on the way out: it sees a 429 first.
            "newsingest.crawl.middlewares.retry_after.RetryAfterMiddleware": 560,
            # Before Scrapy's HttpProxyMiddleware (750), which connects through the proxy it names.
            "newsingest.crawl.middlewares.proxy.SourceProxyMiddleware": 740,
        },
        "NEWSINGEST_PRIVATE_HOSTS": list(source.allow_private_hosts),
        "NEWSINGEST_PROXY": source.proxy,
        "NEWSINGEST_RETRY_AFTER_MAX": settings.retry_after_max,
        "ITEM_PIPELINES": {"newsingest.crawl.item_pipeline.RawPagePipeline": 300},
        # Progress in the run log at INFO every interval (Scrapy's LogStats lines stay at DEBUG there).
        "EXTENSIONS": {"newsingest.crawl.progress_log.CrawlProgress": 500},
        "NEWSINGEST_CRAWL_PROGRESS_INTERVAL": settings.crawl_progress_interval,
    }
