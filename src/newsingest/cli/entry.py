"""`main()`, the console script: runs the app and turns its outcome into the exit code contract."""

import atexit
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from newsingest.cli import exits, signals
from newsingest.cli.app import app


class _Teardown:
    """The last exit handler: ends the process before the interpreter frees every module and object."""

    code = exits.SUCCESS

    # Freeing everything at exit costs more than some commands (about 0.1 s after a listing, 0.5-1.5 s
    # once Prefect is loaded) and does nothing a finished command needs. Registered first, this handler
    # runs after every handler registered later (Prefect's log, event and temporary-server shutdowns);
    # logging's own, registered before, is called here.
    @classmethod
    def skip(cls) -> None:
        """Flush the log and the standard streams, then leave with the command's code."""
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(cls.code)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the CLI and exit 0 (done), 1 (a run failed), 2 (a mistake), 130 (SIGINT) or 143 (SIGTERM)."""
    if argv is None:  # the command line's process, not a caller's: see _Teardown
        atexit.register(_Teardown.skip)
    signals.install()
    try:
        # standalone_mode=False: errors come back to us instead of Typer's traceback and exit(1); Typer
        # returns the code of a typer.Exit, and 130 for a KeyboardInterrupt inside a command.
        args = list(argv) if argv is not None else None
        result = app(args=args, prog_name="newsingest", standalone_mode=False)
        code = result if isinstance(result, int) else exits.SUCCESS
    except KeyboardInterrupt:
        code = exits.INTERRUPTED
    except Exception as exc:
        code = exits.report(exc)
    # A library may catch the interrupt and finish its work: the caller still asked us to stop.
    if code == exits.INTERRUPTED or signals.received():
        code, name = signals.interrupted_code()
        exits.say(f"interrupted by {name}")
    _Teardown.code = code
    sys.exit(code)
