"""Turn what Scrapy hands an errback into a FetchFailure with a stage and an error class."""

from twisted.python.failure import Failure as TwistedFailure

from newsingest.crawl.items import FetchFailure

# Scrapy says "DOWNLOAD_MAXSIZE" when a decompressed body grows too big and "download max size" when
# the wire body (or its Content-Length) does.
MAXSIZE_HINTS = ("maxsize", "DOWNLOAD_MAXSIZE", "max size")


def classify(failure: TwistedFailure, url: str) -> FetchFailure:
    """Return the FetchFailure a failed request stands for."""
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError

    from newsingest.crawl.middlewares.robots import RobotsUnreachable
    from newsingest.crawl.middlewares.ssrf import BlockedRequest

    error = failure.value
    message = str(error) or type(error).__name__
    if isinstance(error, HttpError):
        status = int(error.response.status)
        return FetchFailure(url, "fetch", f"HTTP {status}", f"server answered {status}", status)
    if isinstance(error, BlockedRequest):
        kind = "BlockedScheme" if "scheme" in message else "BlockedAddress"
        return FetchFailure(url, "refused", kind, message)
    if isinstance(error, RobotsUnreachable):
        return FetchFailure(url, "robots", "RobotsUnreachable", message)
    # Scrapy cancels a download only when its body outgrows DOWNLOAD_MAXSIZE mid-transfer.
    if type(error).__name__ == "DownloadCancelledError" or any(hint in message for hint in MAXSIZE_HINTS):
        return FetchFailure(url, "too_large", "TooLarge", message)
    if isinstance(error, IgnoreRequest):
        if "robots.txt" in message:
            return FetchFailure(url, "robots", "RobotsDisallowed", message)
        if "redirections" in message:
            return FetchFailure(url, "fetch", "RedirectLoop", message)
        return FetchFailure(url, "fetch", "Ignored", message)
    name = type(error).__name__
    # Twisted, Scrapy and asyncio each have their own timeout class; users filter on one name.
    return FetchFailure(url, "fetch", "TimeoutError" if "Timeout" in name else name, message)
