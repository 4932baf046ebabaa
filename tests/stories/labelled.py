"""The labelled set of tests/fixtures/stories/labels.json: real texts, their syndicated copies, their groups.

Each item names where its text comes from (an evaluation page, a seed, a demo page, a text written for
the set, or a copy made from another item) and two labels: `dup` (items with one text, syndicated) and
`story` (items about one event). Texts of third-party pages are not stored: they are extracted from the
pages with newsingest's extractor when the set is loaded.
"""

import json
import os
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.stories.variants import make_copy

FIXTURES = Path(__file__).parents[1] / "fixtures" / "stories"
LABELS = FIXTURES / "labels.json"
REWRITES = FIXTURES / "rewrites.json"
REPO = Path(__file__).parents[2]
# A page without a date is placed at one time: the hardest case, every undated page in one window.
UNDATED = datetime(2022, 6, 1, tzinfo=UTC)


def shared_dir() -> Path:
    """Return the shared data folder: $NEWSINGEST_EVAL_DIR's grandparent, else ../shared."""
    if os.environ.get("NEWSINGEST_EVAL_DIR"):
        return Path(os.environ["NEWSINGEST_EVAL_DIR"]).parents[1]
    return REPO.parent / "shared"


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled article."""

    id: str
    source: str
    title: str
    text: str
    language: str
    published: datetime
    dup: str
    story: str


def _extract(job: tuple[str, str, str | None]) -> dict[str, Any] | None:
    """Extract one page (in a worker process): title, text, language and date, or None."""
    from newsingest.evaluation.dataset import decode_html
    from newsingest.extract import extract_article

    path, _key, url = job
    raw = Path(path).read_bytes()
    if path.endswith(".gz"):
        raw = zlib.decompress(raw, 16 + zlib.MAX_WBITS)
    article = extract_article(decode_html(raw), url)
    if article is None:
        return None
    return {
        "title": article.title or "",
        "text": article.text,
        "language": article.language,
        "published": article.published_at,
    }


def _page_path(origin: str) -> tuple[str, str | None]:
    kind, _, ref = origin.partition(":")
    if kind == "demo":
        from newsingest.demo import SITE_DIR

        path = Path(SITE_DIR) / ref.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return str(path), f"https://demo.example/{ref.lstrip('/')}"
    data_set, _, doc_id = ref.partition("/")
    folder = shared_dir() / "eval" / data_set
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    url = truth[doc_id].get("url")
    html = folder / "html" / f"{doc_id}.html.gz"
    if not html.exists():
        html = folder / "html" / f"{doc_id}.html"
    return str(html), url


def extract_pages(origins: list[str], jobs: int = 2) -> dict[str, dict[str, Any] | None]:
    """Return the extraction of each demo: or eval: origin."""
    work = [(*_page_path(origin), origin) for origin in origins]
    jobs_list = [(path, origin, url) for path, url, origin in work]
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_extract, jobs_list, chunksize=8))
    return dict(zip(origins, results, strict=True))


def _at(value: Any) -> datetime:
    if value is None:
        return UNDATED
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def load_items(labels: dict[str, Any] | None = None) -> list[Item]:
    """Return the labelled items, texts extracted or made; items whose page yields nothing are left out."""
    labels = labels or json.loads(LABELS.read_text(encoding="utf-8"))
    rewrites = {a["id"]: a for a in json.loads(REWRITES.read_text(encoding="utf-8"))["articles"]}
    entries = labels["items"]
    pages = extract_pages([e["from"] for e in entries if e["from"].split(":")[0] in ("demo", "eval")])
    items: dict[str, Item] = {}
    for entry in entries:
        kind, _, ref = entry["from"].partition(":")
        item: Item | None = None
        if kind in ("demo", "eval"):
            page = pages[entry["from"]]
            if page is not None:
                title = entry.get("title") or page["title"]
                item = Item(
                    entry["id"],
                    entry["source"],
                    title,
                    page["text"],
                    page["language"],
                    _at(page["published"]),
                    entry["dup"],
                    entry["story"],
                )
        elif kind == "seed":
            text = (shared_dir() / "seeds" / ref).read_text(encoding="utf-8").strip()
            item = Item(
                entry["id"],
                entry["source"],
                entry["title"],
                text,
                "en",
                _at(entry["published"]),
                entry["dup"],
                entry["story"],
            )
        elif kind == "rewrite":
            r = rewrites[ref]
            item = Item(
                entry["id"],
                r["source"],
                r["title"],
                r["text"],
                r["language"],
                _at(r["published"]),
                entry["dup"],
                entry["story"],
            )
        elif kind == "copy":
            base = items.get(entry["base"])
            if base is not None:
                copy = make_copy(base.title, base.text, entry["ops"], entry["seed"])
                published = base.published + timedelta(hours=entry["hours"])
                item = Item(
                    entry["id"],
                    entry["source"],
                    copy.title,
                    copy.text,
                    base.language,
                    published,
                    entry["dup"],
                    entry["story"],
                )
        if item is not None:
            items[item.id] = item
    return list(items.values())
