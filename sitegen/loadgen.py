"""A keep-alive HTTP load client on asyncio, to measure how fast the server answers."""

import asyncio
import itertools
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Requests completed, their bytes and the wall time taken."""

    requests: int
    errors: int
    body_bytes: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Return requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


async def _client(
    host: str, port: int, paths: "itertools.cycle[str]", deadline: float, totals: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            path = next(paths)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: identity\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            totals[0 if head.startswith(b"HTTP/1.1 200") else 1] += 1
            totals[2] += length
    finally:
        writer.close()


async def run_load(base_url: str, paths: list[str], concurrency: int = 8, seconds: float = 5.0) -> LoadResult:
    """GET paths round-robin over concurrency keep-alive connections for about seconds."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    cycle = itertools.cycle(paths)
    totals = [0, 0, 0]  # ok, errors, body bytes
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(_client(host, port, cycle, deadline, totals) for _ in range(concurrency)))
    return LoadResult(totals[0], totals[1], totals[2], time.perf_counter() - start)
