"""Command-line serving: one process, or several pre-forked ones sharing the listening socket."""

import asyncio
import contextlib
import os
import signal
import socket
import sys
from types import FrameType

from sitegen.model import Site
from sitegen.requestlog import RequestLog
from sitegen.router import Router
from sitegen.server import bind, serve_forever
from sitegen.spec import SiteSpec


def _serve(sock: socket.socket, spec: SiteSpec, base_url: str, cache_size: int) -> None:
    # No request log: a long benchmark would keep millions of rows nobody reads.
    router = Router(Site(spec), base_url, cache_size)
    asyncio.run(serve_forever(sock, router, RequestLog(enabled=False)))


def _reuseport(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    return sock


def serve(spec: SiteSpec, port: int = 0, workers: int = 1, cache_size: int = 2048) -> None:
    """Print the base URL on the first stdout line, then serve until killed."""
    if workers <= 1:
        sock = bind(port)
        print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            _serve(sock, spec, f"http://127.0.0.1:{sock.getsockname()[1]}", cache_size)
        return
    # One shared listening socket would not spread the load: asyncio accepts a burst of connections in
    # whichever process wakes first. With SO_REUSEPORT each worker listens on its own socket and the
    # kernel spreads connections over them. The parent's socket only reserves the port; it never listens.
    reserve = _reuseport(port)
    port = reserve.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    ready_read, ready_write = os.pipe()
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                sock = _reuseport(port)
                sock.listen(1024)
                sock.setblocking(False)
                os.write(ready_write, b"r")
                # Every site is computed from the spec alone, so each worker renders the same bytes.
                _serve(sock, spec, base_url, cache_size)
            finally:
                os._exit(0)
        children.append(pid)
    for _ in range(workers):
        os.read(ready_read, 1)
    print(base_url, flush=True)

    def stop(signum: int, frame: FrameType | None) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)
        for child in children:
            os.waitpid(child, 0)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        os.waitpid(child, 0)
