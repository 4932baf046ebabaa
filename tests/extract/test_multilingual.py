"""Real pages in scripts written without spaces go through extraction and the article guards."""

import gzip

import pytest

from newsingest.contracts import ArticleRow
from newsingest.db.bodies import compress_body
from newsingest.evaluation import default_data_dir
from newsingest.extract import extract_article
from newsingest.process.job import MIN_WORDS, PageJob, run_job
from newsingest.sources.model import CleaningRules

# newspaper4k's multilingual test pages, beside the extraction evaluation set (shared/eval/README.md).
PAGES = default_data_dir().parent / "newspaper4k-pages" / "html"
UNSPACED_PAGES = ["japanese_article", "japanese_article2", "chinese_article_001", "chinese_article_002"]


def _page(name: str) -> bytes:
    path = PAGES / f"{name}.html.gz"
    if not path.is_file():
        pytest.fail(f"evaluation page missing at {path} (set NEWSINGEST_EVAL_DIR)")
    with gzip.open(path, "rb") as f:
        return f.read()


def _job(name: str, raw: bytes) -> PageJob:
    return PageJob(
        page_id=1,
        url=f"https://example.org/{name}",
        final_url=f"https://example.org/{name}",
        content_type="text/html; charset=utf-8",
        body=compress_body(raw),
        hint_published_at=None,
        source="test",
        rules=CleaningRules(),
    )


def test_a_japanese_article_page_is_extracted_and_kept() -> None:
    article = extract_article(
        _page("japanese_article"), url="https://www.nikkei.com/article/DGXMZO31897660Y8A610C1000000/"
    )
    assert article is not None and article.language == "ja"
    assert "習近平" in article.text
    assert article.word_count >= MIN_WORDS
    assert article.word_count > len(article.text) / 3  # characters per word, not runs between spaces


@pytest.mark.parametrize("name", UNSPACED_PAGES)
def test_japanese_and_chinese_pages_pass_the_minimum_length_guard(name: str) -> None:
    row = run_job(_job(name, _page(name)))
    assert isinstance(row, ArticleRow), row
    assert row.language in ("ja", "zh") and row.word_count >= MIN_WORDS
