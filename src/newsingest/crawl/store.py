"""Raw-page storage: batches pages and fetch failures into the database from the crawl process."""

import hashlib
import zlib
from dataclasses import dataclass, field

from sqlalchemy import Engine, insert, select

from newsingest.crawl.items import FetchFailure, RawPage
from newsingest.db.failures import record_failure, resolve_failures
from newsingest.db.models import Page, table_of
from newsingest.dedup import canonical_url

COMPRESSION_LEVEL = 6  # zlib's default: ~4-6x on HTML at a fraction of the fetch cost


@dataclass
class PageStore:
    """Buffers raw pages and failures of one crawl run and writes them in short transactions."""

    engine: Engine
    source: str
    run_id: int | None
    batch_size: int = 50
    pages: list[dict[str, object]] = field(default_factory=list)
    failures: list[FetchFailure] = field(default_factory=list)
    stored: int = 0

    def add_page(self, page: RawPage) -> None:
        """Queue a page; write the batch when it is full."""
        self.pages.append(
            {
                "source": self.source,
                "url": page.url,
                "canonical_url": canonical_url(page.url),
                "final_url": page.final_url,
                "status": page.status,
                "headers": page.headers,
                "fetched_at": page.fetched_at,
                "body": zlib.compress(page.body, COMPRESSION_LEVEL),
                "body_size": len(page.body),
                "body_hash": hashlib.sha256(page.body).hexdigest(),
                "run_id": self.run_id,
                "discovered_via": page.discovered_via,
                "hint_published_at": page.hint_published_at,
                "processed_at": None,
            }
        )
        if len(self.pages) >= self.batch_size:
            self.flush()

    def add_failure(self, failure: FetchFailure) -> None:
        """Queue a failure; write the batch when it is full."""
        self.failures.append(failure)
        if len(self.failures) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write everything queued in one transaction."""
        if not (self.pages or self.failures):
            return
        with self.engine.begin() as conn:
            if self.pages:
                conn.execute(insert(table_of(Page)), self.pages)
                # A page that now fetches closes the fetch failures its URL had.
                resolve_failures(conn, [str(p["url"]) for p in self.pages], ("fetch", "too_large", "robots"))
            for failure in self.failures:
                record_failure(
                    conn,
                    source=self.source,
                    run_id=self.run_id,
                    stage=failure.stage,
                    url=failure.url,
                    error_class=failure.error_class,
                    detail=failure.detail,
                    http_status=failure.http_status,
                )
        self.stored += len(self.pages)
        self.pages.clear()
        self.failures.clear()


def known_urls(engine: Engine, source: str, urls: list[str]) -> set[str]:
    """Return which canonical urls already have a successfully fetched page for source."""
    known: set[str] = set()
    table = table_of(Page)
    with engine.connect() as conn:
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            rows = conn.execute(
                select(table.c.canonical_url).where(
                    table.c.source == source, table.c.canonical_url.in_(chunk), table.c.status < 300
                )
            )
            known.update(row[0] for row in rows)
    return known
