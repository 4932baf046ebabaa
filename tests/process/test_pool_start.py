"""The extraction pool's workers start before the first page and serve every batch after it."""

from pathlib import Path

from newsingest.process.bounded import ExtractorPool
from tests.fixtures.regenerate import GOLDEN


def _pids(pool: ExtractorPool) -> set[int]:
    return {e.process.pid for e in pool._all if e.process is not None and e.process.poll() is None}


def test_started_workers_run_before_any_page_and_the_same_ones_extract_every_batch() -> None:
    pages = [p.read_text(encoding="utf-8") for p in sorted(Path(GOLDEN).glob("*.html"))][:4]
    with ExtractorPool(timeout=60, size=2) as pool:
        for warm_up in pool.start():
            warm_up.result()
        started = _pids(pool)
        assert len(started) == 2

        for _batch in range(2):
            articles = pool.map(lambda html: pool.extract(html, None, None, None), pages)
            assert all(article is not None and article.text for article in articles)
        assert _pids(pool) == started

        pool.start()  # running workers are kept, not started again
        assert pool.map(lambda html: pool.extract(html, None, None, None), pages[:2])
        assert _pids(pool) == started
    assert _pids(pool) == set()


def test_a_pool_started_with_one_worker_starts_the_next_only_when_a_batch_needs_it() -> None:
    pages = [p.read_text(encoding="utf-8") for p in sorted(Path(GOLDEN).glob("*.html"))][:4]
    with ExtractorPool(timeout=60, size=2) as pool:
        for warm_up in pool.start(1):
            warm_up.result()
        (started,) = _pids(pool)
        # One page at a time (a run with little new) goes to the running worker: none other starts.
        for html in pages[:2]:
            assert pool.map(lambda page: pool.extract(page, None, None, None), [html])[0] is not None
        assert _pids(pool) == {started}
        articles = pool.map(lambda page: pool.extract(page, None, None, None), pages)
        assert all(article is not None and article.text for article in articles)
        assert len(_pids(pool)) == 2 and started in _pids(pool)
