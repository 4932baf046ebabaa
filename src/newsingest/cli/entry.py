"""`main()`, the console script: runs the app and turns its outcome into the exit code contract."""

import sys
from collections.abc import Sequence
from typing import NoReturn

from newsingest.cli import errors, signals
from newsingest.cli.app import app


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the CLI and exit 0 (done), 1 (a run failed), 2 (a mistake), 130 (SIGINT) or 143 (SIGTERM)."""
    signals.convert_sigterm()
    try:
        # standalone_mode=False: errors come back to us instead of Typer's traceback and exit(1); Typer
        # returns the code of a typer.Exit, and 130 for a KeyboardInterrupt inside a command.
        result = app(
            args=list(argv) if argv is not None else None, prog_name="newsingest", standalone_mode=False
        )
        code = result if isinstance(result, int) else errors.SUCCESS
    except KeyboardInterrupt:
        code = errors.INTERRUPTED
    except Exception as exc:
        code = errors.report(exc)
    if code == errors.INTERRUPTED:
        code, name = signals.interrupted_code()
        errors.say(f"interrupted by {name}")
    sys.exit(code)
