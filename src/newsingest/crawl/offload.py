"""Run blocking work (database calls) in a thread and await it, or wait, from Scrapy's reactor."""

import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads

T = TypeVar("T")


def _reactor_running() -> bool:
    # Looked up, never imported: importing twisted.internet.reactor would install the default reactor.
    reactor = sys.modules.get("twisted.internet.reactor")
    return bool(getattr(reactor, "running", False))


async def in_thread(function: Callable[..., T], *args: Any) -> T:
    """Return function(*args), computed in the reactor's thread pool while downloads go on."""
    if not _reactor_running():
        # Outside a crawl (a callback driven by hand) there are no downloads to keep going.
        return function(*args)
    # A Deferred under the plain Twisted reactor, an asyncio future under the asyncio one.
    return await maybe_deferred_to_future(threads.deferToThread(function, *args))


async def pause(seconds: float) -> None:
    """Let the reactor run for seconds (a plain sleep outside a crawl)."""
    if not _reactor_running():
        time.sleep(seconds)
        return
    from twisted.internet import reactor, task

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
