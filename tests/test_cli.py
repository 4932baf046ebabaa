"""The CLI as users run it: a real process, one-line errors, exit codes, JSON and tables."""

import json
import subprocess
import sys
from pathlib import Path

from tests.fixtures.regenerate import GOLDEN


def cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "newsingest", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def test_sources_lists_the_bundled_file() -> None:
    result = cli("sources")
    assert result.returncode == 0, result.stderr
    for slug in ("amn", "kurdistan24", "demo"):
        assert slug in result.stdout


def test_a_bad_sources_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - {slug: Bad Slug, name: x, domain: x, feeds: ['https://x/f']}\n")
    result = cli("sources", "--file", str(bad))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "source 'Bad Slug': slug:" in result.stderr


def test_unknown_source_and_unreadable_file_are_user_errors(tmp_path: Path) -> None:
    result = cli("extract", str(tmp_path / "missing.html"))
    assert result.returncode == 2 and "cannot read" in result.stderr and "Traceback" not in result.stderr
    result = cli("extract", str(GOLDEN / "amn-drones.html"), "--source", "nope")
    assert result.returncode == 2 and "unknown source nope" in result.stderr


def test_unreachable_database_is_one_line_without_the_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://user:s3cret-marker@127.0.0.1:1/none"
    result = cli("articles", env={"NEWSINGEST_DATABASE_URL": url})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "s3cret-marker" not in result.stderr and "***" in result.stderr


def test_extract_prints_the_article_as_json() -> None:
    result = cli("extract", str(GOLDEN / "amn-drones.html"), "--source", "amn")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "2 suicide drones shot down while trying to attack US troops in Iraq"
    assert article["published_at"].startswith("2022-01-03") and article["language"] == "en"
    assert article["dropped"]["source:^Join our brand new verified AMN Telegram channel"] == 1


def test_serve_refuses_the_ephemeral_api() -> None:
    result = cli("serve", env={"PREFECT_API_URL": ""})
    assert result.returncode == 2 and "ephemeral" in result.stderr and "Traceback" not in result.stderr


def test_status_failures_and_retry_failures(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from newsingest.db.failures import record_failure
    from newsingest.db.migrate import upgrade

    url = f"sqlite:///{tmp_path}/ops.db"
    upgrade(url)
    with create_engine(url).begin() as conn:
        for _ in range(3):
            record_failure(
                conn,
                source="amn",
                stage="fetch",
                url="https://americanmilitarynews.com/2022/01/x/",
                error_class="HTTP 500",
                detail="server answered 500",
                http_status=500,
            )
    env = {"NEWSINGEST_DATABASE_URL": url}
    status = cli("status", env=env)
    assert status.returncode == 0 and "amn" in status.stdout and "STALE" in status.stdout
    listing = cli("failures", "--source", "amn", "--stage", "fetch", env=env)
    assert listing.returncode == 0 and "HTTP 500" in listing.stdout and "3" in listing.stdout
    retry = cli("retry-failures", "--source", "amn", env=env)
    assert retry.returncode == 0 and "re-queued 1 failed fetches" in retry.stdout
    with create_engine(url).connect() as conn:
        assert conn.exec_driver_sql("select attempts from failures").scalar_one() == 0
