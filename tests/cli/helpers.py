"""Running the installed `newsingest` script as operators do, and the shape of its errors."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

# The console script installed beside this interpreter: its main() is what cron and systemd call.
SCRIPT = Path(sys.executable).with_name("newsingest")

Cli = Callable[..., subprocess.CompletedProcess[str]]


def absolute_pythonpath(env: dict[str, str]) -> dict[str, str]:
    # Commands run from temporary directories: a relative PYTHONPATH (src) must keep naming this checkout.
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(
            str(Path(p).absolute()) for p in env["PYTHONPATH"].split(os.pathsep)
        )
    return env


def run_newsingest(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `newsingest ARGS` and return its exit code, stdout and stderr."""
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=absolute_pythonpath({**os.environ, **(env or {})}),
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """Return the stderr of a user mistake after checking its shape: one line, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("newsingest: "), result.stderr
    return result.stderr


def command_paths(command: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Return the path of every leaf command under command (a Typer group or command)."""
    commands = getattr(command, "commands", None)
    if commands is None:
        return [prefix]
    return [path for name, sub in sorted(commands.items()) for path in command_paths(sub, (*prefix, name))]
