"""The garbage collector while a command loads its libraries: off, then kept away from what was loaded."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Load without collections, then freeze what exists so later collections skip it."""
    # Importing Prefect, SQLAlchemy and the pipeline creates about a million long-lived objects; the
    # collector would walk them again and again while they load (about 0.35 s of a one-page run) and at
    # every full collection after. None of them is garbage.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
