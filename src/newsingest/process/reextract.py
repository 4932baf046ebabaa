"""Reprocess: extract, clean, enrich and load stored pages again, with no network."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Integer, cast, func, select

from newsingest.db.models import Article, Page, table_of
from newsingest.process.bounded import ExtractorPool, extractor_pool
from newsingest.process.options import ProcessOptions
from newsingest.process.pages import PAGE_COLUMNS, ProcessCounts, process_batch
from newsingest.sources import Source


def reprocess_source(
    engine: Engine,
    source: Source,
    run_id: int | None,
    since: datetime | None = None,
    until: datetime | None = None,
    extractor_version_below: int | None = None,
    options: ProcessOptions = ProcessOptions(),
    progress: Callable[[int, int], None] | None = None,
    extractor: ExtractorPool | None = None,
) -> ProcessCounts:
    """Re-run extraction over the stored page of each matching article of source, in batches.

    Articles are chosen by source, published_at in [since, until) and extractor_version below a number;
    a changed text becomes a version, an unchanged one only gets the current extractor_version. Pages
    are extracted by extractor when given (a Dask cluster's), else by a process pool of this run.
    """
    articles = table_of(Article)
    where = [articles.c.source == source.slug, articles.c.page_id.is_not(None)]
    if since is not None:
        where.append(articles.c.published_at >= since)
    if until is not None:
        where.append(articles.c.published_at < until)
    if extractor_version_below is not None:
        where.append(cast(articles.c.extractor_version, Integer) < extractor_version_below)
    with engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one())
    counts = ProcessCounts()
    if extractor is not None:
        _reprocess(engine, source, run_id, where, options, counts, extractor, total, progress)
        return counts
    with extractor_pool(options) as own:
        _reprocess(engine, source, run_id, where, options, counts, own, total, progress)
    return counts


def _reprocess(
    engine: Engine,
    source: Source,
    run_id: int | None,
    where: list[Any],
    options: ProcessOptions,
    counts: ProcessCounts,
    extractor: ExtractorPool,
    total: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    articles, pages = table_of(Article), table_of(Page)
    last_id = 0
    while True:
        # Keyset pagination on the article id: loading a batch changes the rows the filter sees.
        with engine.connect() as conn:
            chosen = conn.execute(
                select(articles.c.id, articles.c.page_id)
                .where(*where, articles.c.id > last_id)
                .order_by(articles.c.id)
                .limit(options.batch_size)
            ).all()
            if not chosen:
                return
            page_ids = [row.page_id for row in chosen]
            batch = conn.execute(
                select(*(pages.c[n] for n in PAGE_COLUMNS)).where(pages.c.id.in_(page_ids))
            ).all()
        last_id = chosen[-1].id
        process_batch(engine, source, run_id, list(batch), counts, extractor, options)
        if progress:
            progress(counts.pages, total)
