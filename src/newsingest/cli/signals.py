"""SIGINT and SIGTERM unwind the program like Ctrl-C and decide its exit code, 130 or 143."""

import signal
from types import FrameType

from newsingest.cli.exits import INTERRUPTED, TERMINATED

_received: list[int] = []


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is; code that cleans up on Ctrl-C cleans up on it too."""


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    _received.append(signum)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def install() -> None:
    """Make SIGINT raise KeyboardInterrupt and SIGTERM Terminated in the main thread, and remember them."""
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)


def received() -> bool:
    """Return whether SIGINT or SIGTERM arrived, even if the code it interrupted carried on."""
    return bool(_received)


def interrupted_code() -> tuple[int, str]:
    """Return the exit code and signal name of the interrupt that stopped the program."""
    if signal.SIGTERM in _received:
        return TERMINATED, "SIGTERM"
    return INTERRUPTED, "SIGINT"
