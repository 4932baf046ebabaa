"""Articles out of the database: the export data contract, and JSON Lines, CSV and Parquet writers, streamed.

Rows are read through a server-side cursor in batches and written batch by batch, so an export holds
one batch in memory whatever the number of rows. FIELDS is the contract: docs/export.md describes it and
a test checks the two agree.
"""

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from newsingest.errors import NewsingestError

if TYPE_CHECKING:
    from sqlalchemy import Engine, Select

Kind = Literal["integer", "text", "timestamp", "list"]
FORMATS = ("jsonl", "csv", "parquet")
DATE_FIELDS = {"published": "published_at", "ingested": "first_seen_at"}
BATCH_SIZE = 2000  # rows read and written at a time; a Parquet row group each (~10 MB of text)


@dataclass(frozen=True, slots=True)
class Field:
    """One exported column: its name (the articles column), kind, whether it can be null, and meaning."""

    name: str
    kind: Kind
    nullable: bool
    description: str


FIELDS = (
    Field("id", "integer", False, "the article's id; `newsingest show ID` prints everything about it"),
    Field("url", "text", False, "canonical URL, the article's key (tracking parameters, www. dropped)"),
    Field("source", "text", False, "slug of the source in sources.yaml"),
    Field("title", "text", True, "headline"),
    Field("authors", "list", False, "author names in page order (may be empty)"),
    Field("published_at", "timestamp", True, "publication time the page declares"),
    Field("modified_at", "timestamp", True, "last modification time the page declares"),
    Field("language", "text", False, "detected language, ISO 639-1 (en, de, …)"),
    Field("word_count", "integer", False, "words in text"),
    Field("tags", "list", False, "tags and categories the page declares (may be empty)"),
    Field("image_url", "text", True, "lead image"),
    Field("site_name", "text", True, "the site's own name, as the page declares it"),
    Field("text", "text", False, "the clean article text, one paragraph a line"),
    Field("content_hash", "text", False, "SHA-256 of text, hex: equal texts, equal hashes"),
    Field("story_id", "integer", True, "story the article belongs to (copies across sources share it)"),
    Field("duplicate_of_id", "integer", True, "id of the article this one copies (same text), if any"),
    Field("extractor_version", "text", False, "version of the extraction that produced text"),
    Field("first_seen_at", "timestamp", False, "ingested: when newsingest first stored the article"),
    Field("last_seen_at", "timestamp", False, "updated: when a fetch last saw the article"),
)
NAMES = tuple(field.name for field in FIELDS)
KINDS = {field.name: field.kind for field in FIELDS}


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which articles to export: days included at both ends, by publication or ingest time, and sources."""

    since: date | None = None
    until: date | None = None
    sources: tuple[str, ...] = ()
    by: str = "published"

    def __post_init__(self) -> None:
        """Refuse a date field that is neither published nor ingested."""
        if self.by not in DATE_FIELDS:
            raise NewsingestError(f"--by {self.by!r}: choose one of {', '.join(DATE_FIELDS)}")


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote."""

    rows: int
    format: str
    destination: str  # the file, or "-" for stdout


def iso(value: datetime) -> str:
    """Return value as ISO 8601 in UTC with a Z ("2022-01-03T12:00:00Z"; fractions only when stored)."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def json_default(value: object) -> str:
    """Encode what json cannot: datetimes as ISO 8601 UTC, anything else as its text."""
    return iso(value) if isinstance(value, datetime) else str(value)


def export_query(selection: ExportFilter) -> "Select[Any]":
    """Return the SELECT of the contract's columns for the articles selection names, in id order."""
    from sqlalchemy import select

    from newsingest.db.models import Article, table_of

    articles = table_of(Article)
    query = select(*(articles.c[name] for name in NAMES)).order_by(articles.c.id)
    when = articles.c[DATE_FIELDS[selection.by]]
    if selection.since:
        query = query.where(when >= datetime.combine(selection.since, time.min, UTC))
    if selection.until:
        query = query.where(when < datetime.combine(selection.until + timedelta(days=1), time.min, UTC))
    if selection.sources:
        query = query.where(articles.c.source.in_(selection.sources))
    return query


def article_batches(
    engine: "Engine", selection: ExportFilter, batch_size: int = BATCH_SIZE
) -> Iterator[list[dict[str, Any]]]:
    """Yield the selected articles as lists of at most batch_size rows, read through a streaming cursor."""
    with engine.connect() as conn:
        # yield_per: a server-side (named) cursor on PostgreSQL, fetchmany on SQLite; one batch in memory.
        result = conn.execution_options(yield_per=batch_size).execute(export_query(selection))
        for partition in result.partitions():
            yield [dict(row._mapping) for row in partition]


def _jsonl(batches: Iterable[list[dict[str, Any]]], out: IO[bytes]) -> int:
    encode = json.JSONEncoder(ensure_ascii=False, default=json_default).encode
    rows = 0
    for batch in batches:
        lines = [encode(row) + "\n" for row in batch]
        out.write("".join(lines).encode("utf-8"))
        rows += len(batch)
    return rows


def _csv_cell(kind: Kind, value: Any) -> Any:
    if value is None:
        return ""
    if kind == "timestamp":
        return iso(value)
    if kind == "list":
        return json.dumps(value, ensure_ascii=False)
    return value


def _csv(batches: Iterable[list[dict[str, Any]]], out: IO[bytes]) -> int:
    import io

    # newline="": the csv module writes its own line ends (CRLF) and quotes newlines inside the text.
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(NAMES)
    rows = 0
    for batch in batches:
        writer.writerows([[_csv_cell(KINDS[name], row[name]) for name in NAMES] for row in batch])
        rows += len(batch)
    text.flush()
    text.detach()  # the caller closes out
    return rows


def require_pyarrow() -> None:
    """Raise a NewsingestError saying how to install pyarrow when it is missing (Parquet needs it)."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise NewsingestError(
            "--format parquet needs pyarrow: pip install 'newsingest[parquet]' (or use jsonl or csv)"
        ) from None


def parquet_schema() -> Any:
    """Return the contract as a pyarrow schema (timestamps in microseconds, UTC)."""
    import pyarrow as pa

    types = {
        "integer": pa.int64(),
        "text": pa.string(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(f.name, types[f.kind], nullable=f.nullable) for f in FIELDS])


def _parquet(batches: Iterable[list[dict[str, Any]]], out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    rows = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in batches:
            columns = {name: [row[name] for row in batch] for name in NAMES}
            # One row group per batch: readers can skip groups, and memory holds one batch at a time.
            writer.write_batch(pa.RecordBatch.from_pydict(columns, schema=schema))
            rows += len(batch)
    return rows


WRITERS: dict[str, Callable[[Iterable[list[dict[str, Any]]], IO[bytes]], int]] = {
    "jsonl": _jsonl,
    "csv": _csv,
    "parquet": _parquet,
}


def check_format(fmt: str) -> None:
    """Raise a NewsingestError for an unknown format, or for Parquet without pyarrow."""
    if fmt not in FORMATS:
        raise NewsingestError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        require_pyarrow()


@contextmanager
def _destination(output: Path | None) -> Iterator[IO[bytes]]:
    """Open stdout (None), or a temporary file beside output that replaces it only when all was written."""
    if output is None:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    partial = output.with_name(f".{output.name}.part")
    try:
        with partial.open("wb") as out:
            yield out
        partial.replace(output)  # a failed or interrupted export leaves the old file, not half a new one
    finally:
        partial.unlink(missing_ok=True)


def export_articles(
    engine: "Engine",
    selection: ExportFilter,
    fmt: str,
    output: Path | None = None,
    batch_size: int = BATCH_SIZE,
) -> ExportResult:
    """Write the selected articles to output (None: stdout) in fmt (jsonl, csv, parquet); return the count."""
    check_format(fmt)
    with _destination(output) as out:
        rows = WRITERS[fmt](article_batches(engine, selection, batch_size), out)
    return ExportResult(rows=rows, format=fmt, destination=str(output) if output else "-")
