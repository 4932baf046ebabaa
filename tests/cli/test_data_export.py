"""`newsingest export`: each format read back equals the database's rows, filters apply, streams, fails cleanly."""

import csv
import json
import math
import os
import re
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine, select

from newsingest.db.load import load_articles
from newsingest.db.models import Article, table_of
from newsingest.export import FIELDS, KINDS, NAMES, ExportFilter, export_articles
from tests.cli.helpers import SCRIPT, absolute_pythonpath, one_line_error, run_newsingest
from tests.cli.stored import NOW, Stored, article, stored_rows

DOCS = Path(__file__).parents[2] / "docs" / "export.md"


@pytest.fixture
def stored(engine: Engine) -> Stored:
    """The rows of tests/cli/stored.py in the test's database."""
    return stored_rows(engine)


def database_rows(engine: Engine) -> list[dict[str, Any]]:
    """Return every article's contract columns as the database holds them, in id order."""
    articles = table_of(Article)
    with engine.connect() as conn:
        query = select(*(articles.c[name] for name in NAMES)).order_by(articles.c.id)
        return [dict(row._mapping) for row in conn.execute(query)]


def _timestamp(text: str) -> datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", text), text  # ISO 8601 in UTC
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def from_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _timestamp(v) if KINDS[k] == "timestamp" and v is not None else v for k, v in row.items()}


def from_csv(row: dict[str, str]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for name, text in row.items():
        kind = KINDS[name]
        if kind == "list":
            decoded[name] = json.loads(text)
        elif text == "":
            decoded[name] = None
        elif kind == "integer":
            decoded[name] = int(text)
        elif kind == "timestamp":
            decoded[name] = _timestamp(text)
        else:
            decoded[name] = text
    return decoded


def read_back(path: Path, fmt: str) -> list[dict[str, Any]]:
    """Return the rows of an exported file as Python values."""
    if fmt == "jsonl":
        return [from_json(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            assert tuple(reader.fieldnames or ()) == NAMES
            return [from_csv(row) for row in reader]
    table = pq.read_table(path)
    assert table.schema.names == list(NAMES)
    assert str(table.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    return table.to_pylist()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_each_format_reads_back_as_the_database_rows(
    engine: Engine, stored: Stored, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"articles.{fmt}"
    result = run_newsingest("export", "--format", fmt, "--output", str(out))
    assert result.returncode == 0, result.stderr
    expected = database_rows(engine)
    assert result.stdout == "" and f"exported {len(expected)} articles as {fmt} to {out}" in result.stderr
    assert read_back(out, fmt) == expected
    assert any(row["duplicate_of_id"] == stored.amn_id for row in expected)
    assert any("\n" in row["text"] for row in expected)  # paragraphs (lines) survive CSV quoting
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_filters_by_publication_day_and_source(
    engine: Engine, stored: Stored, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"february.{fmt}"
    args = ["--since", "2022-02-03", "--until", "2022-02-05", "--source", "amn"]
    result = run_newsingest("export", *args, "--format", fmt, "--output", str(out))
    assert result.returncode == 0, result.stderr
    expected = [
        row
        for row in database_rows(engine)
        if row["source"] == "amn"
        and row["published_at"] is not None
        and date(2022, 2, 3) <= row["published_at"].date() <= date(2022, 2, 5)
    ]
    assert len(expected) == 3  # story-1, story-2 and story-3: both ends included
    assert read_back(out, fmt) == expected


def test_filters_by_ingest_day_and_several_sources(engine: Engine, stored: Stored, tmp_path: Path) -> None:
    since = (NOW - timedelta(days=1)).date()
    out = tmp_path / "recent.jsonl"
    args = ["--by", "ingested", "--since", since.isoformat(), "-s", "amn", "-s", "kurdistan24"]
    assert run_newsingest("export", *args, "-o", str(out)).returncode == 0
    expected = [row for row in database_rows(engine) if row["first_seen_at"].date() >= since]
    assert 0 < len(expected) < len(database_rows(engine))
    assert read_back(out, "jsonl") == expected


def test_stdout_is_the_default_output(engine: Engine, stored: Stored) -> None:
    result = run_newsingest("export")
    assert result.returncode == 0, result.stderr
    rows = [from_json(json.loads(line)) for line in result.stdout.splitlines()]
    assert rows == database_rows(engine)
    assert "to stdout" in one_line_error(result)  # the count goes to stderr, never into the data


def test_parquet_is_written_in_row_groups_of_one_batch(
    engine: Engine, stored: Stored, tmp_path: Path
) -> None:
    out = tmp_path / "batches.parquet"
    result = export_articles(engine, ExportFilter(), "parquet", out, batch_size=4)
    rows = len(database_rows(engine))
    assert result.rows == rows and pq.ParquetFile(out).metadata.num_row_groups == math.ceil(rows / 4)
    assert read_back(out, "parquet") == database_rows(engine)


def test_an_empty_selection_writes_an_empty_file_with_the_columns(engine: Engine, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"empty.{fmt}"
        result = run_newsingest("export", "--format", fmt, "-o", str(out))
        assert result.returncode == 0 and "exported 0 articles" in result.stderr
        assert read_back(out, fmt) == []


def test_a_closed_pipe_ends_the_export_quietly(engine: Engine) -> None:
    stored_rows(engine, extra=800)  # well over a pipe's buffer of JSON lines
    process = subprocess.Popen(
        [str(SCRIPT), "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=absolute_pythonpath(dict(os.environ)),
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # `newsingest export | head -1`
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0 and json.loads(first)["id"] == 1
    assert "Traceback" not in errors and "Broken pipe" not in errors, errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "--format 'xml': choose one of jsonl, csv, parquet"),
        (["--by", "modified"], "--by 'modified': choose one of published, ingested"),
        (["--since", "2022-02-05", "--until", "2022-02-01"], "the range is empty"),
        (["--since", "last week"], "is not a date like"),
        (["--output", "/nonexistent/dir/out.jsonl"], "no directory /nonexistent/dir"),
    ],
)
def test_mistakes_are_exit_2_and_one_line(engine: Engine, args: list[str], message: str) -> None:
    result = run_newsingest("export", *args)
    assert result.returncode == 2
    assert message in one_line_error(result)


def test_parquet_without_pyarrow_says_how_to_install_it(engine: Engine, tmp_path: Path) -> None:
    # A pyarrow that cannot be imported, ahead of the installed one on the path: as if it were missing.
    blocker = tmp_path / "blocked" / "pyarrow"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('No module named pyarrow')\n")
    path = os.environ.get("PYTHONPATH", "")
    env = {"PYTHONPATH": f"{blocker.parent}:{path}" if path else str(blocker.parent)}
    out = tmp_path / "a.parquet"
    result = run_newsingest("export", "--format", "parquet", "-o", str(out), env=env)
    assert result.returncode == 2 and not out.exists()
    assert "pip install 'newsingest[parquet]'" in one_line_error(result)
    assert run_newsingest("export", "--format", "csv", "-o", str(tmp_path / "a.csv"), env=env).returncode == 0


def test_the_docs_describe_every_exported_column() -> None:
    text = DOCS.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (\w+) \|", text, flags=re.MULTILINE))
    assert rows == {field.name: field.kind for field in FIELDS}


def test_timestamps_are_utc_whatever_zone_they_were_stored_in(engine: Engine, tmp_path: Path) -> None:
    berlin = datetime(2022, 3, 1, 1, 30, tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    with engine.begin() as conn:
        load_articles(
            conn, [article("https://example.com/tz", "amn", "Zoned text.", NOW, published_at=berlin)]
        )
    out = tmp_path / "tz.jsonl"
    assert run_newsingest("export", "-o", str(out)).returncode == 0
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["published_at"] == "2022-03-01T01:30:00Z"
