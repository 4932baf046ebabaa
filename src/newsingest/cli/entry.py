"""`main()`, the console script: runs the app and turns its outcome into the exit code contract."""

import sys
from collections.abc import Sequence
from typing import NoReturn

from newsingest.cli import exits, signals
from newsingest.cli.app import app


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the CLI and exit 0 (done), 1 (a run failed), 2 (a mistake), 130 (SIGINT) or 143 (SIGTERM)."""
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
    sys.exit(code)
