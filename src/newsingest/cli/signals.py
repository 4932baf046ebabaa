"""SIGTERM unwinds the program like Ctrl-C, so both stop crawls and servers and exit 143 or 130."""

import signal
from types import FrameType

from newsingest.cli.errors import INTERRUPTED, TERMINATED

_received: list[int] = []


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is; code that cleans up on Ctrl-C cleans up on it too."""


def _terminate(signum: int, _frame: FrameType | None) -> None:
    _received.append(signum)
    raise Terminated()


def convert_sigterm() -> None:
    """Make SIGTERM raise Terminated in the main thread."""
    signal.signal(signal.SIGTERM, _terminate)


def interrupted_code() -> tuple[int, str]:
    """Return the exit code and signal name of the interrupt that stopped the program."""
    if signal.SIGTERM in _received:
        return TERMINATED, "SIGTERM"
    return INTERRUPTED, "SIGINT"
