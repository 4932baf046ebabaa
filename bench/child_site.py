"""A site server in a child process of the benchmark, tied to it, that prints its base URL first."""

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def served_by_child(module: list[str], what: str) -> Iterator[str]:
    """Run `python -m MODULE...` (a site server printing its base URL first) and yield that URL."""
    from newsingest import lifeline

    # Tied to this process: a benchmark killed before its clean-up leaves no server behind.
    server = subprocess.Popen(lifeline.command(module, signal.SIGTERM), stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        if not base_url.startswith("http://"):
            raise RuntimeError(f"{what} did not start (exit code {server.poll()})")
        yield base_url
    finally:
        server.terminate()
        server.wait()
