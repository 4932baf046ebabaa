"""Turn what Scrapy hands an errback into a FetchFailure with a stage and an error class."""

from twisted.python.failure import Failure as TwistedFailure

from newsingest.crawl.items import FetchFailure

MAXSIZE_HINTS = ("maxsize", "DOWNLOAD_MAXSIZE")


def classify(failure: TwistedFailure, url: str) -> FetchFailure:
    """Return the FetchFailure a failed request stands for."""
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError

    error = failure.value
    message = str(error) or type(error).__name__
    if isinstance(error, HttpError):
        status = int(error.response.status)
        return FetchFailure(url, "fetch", f"HTTP {status}", f"server answered {status}", status)
    if any(hint in message for hint in MAXSIZE_HINTS):
        return FetchFailure(url, "too_large", "TooLarge", message)
    if isinstance(error, IgnoreRequest):
        if "robots.txt" in message:
            return FetchFailure(url, "robots", "RobotsDisallowed", message)
        return FetchFailure(url, "fetch", "Ignored", message)
    return FetchFailure(url, "fetch", type(error).__name__, message)
