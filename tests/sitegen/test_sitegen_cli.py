"""`python -m sitegen serve` prints its URL first and serves from pre-forked workers."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.sitegen.client import fetch

from sitegen import Site, SiteSpec

ROOT = Path(__file__).resolve().parents[2]


def test_serve_prints_url_and_serves_until_killed() -> None:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    command = [sys.executable, "-m", "sitegen", "serve", "--articles", "1000", "--seed", "1"]
    server = subprocess.Popen(
        [*command, "--port", "0", "--workers", "2"], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        path = Site(SiteSpec(1000, seed=1)).entry(500).path
        for _ in range(4):  # several connections, so both workers answer
            assert fetch(base_url + path).status == 200
        assert fetch(base_url + "/sitemap_index.xml").status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(10) == 0
