"""The labelled set of stories and near-copies (story_labels.json): real texts, syndicated copies, groups.

Each item names where its text comes from (a page of an evaluation set, a seed, a demo page, a text
written for the set, or a copy made from another item) and two labels: `dup` (items with one text,
syndicated) and `story` (items about one event). Texts of third-party pages are not stored: they are
extracted from the pages with newsingest's extractor when the set is loaded, so the set needs the
evaluation sets' folder (the one holding trafilatura-eval and newspaper4k-pages) and the seeds beside it.

The set is split in two parts the way the extraction evaluation is: part a tunes, part b validates. The
unit is an event group widened by site: story groups whose items share a site are one unit, so a site
and an event are each on one side only; a unit's side is the first bit of the SHA-256 of its smallest
story label.
"""

import hashlib
import json
import zlib
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsingest.evaluation.dataset import TUNING, VALIDATION, eval_root, resolve_set, site_of
from newsingest.evaluation.syndication import make_copy

LABELS = Path(__file__).with_name("story_labels.json")
REWRITES = Path(__file__).with_name("story_rewrites.json")
SETS = ("trafilatura-eval", "newspaper4k-pages")  # the evaluation sets the labels draw pages from
SEEDS = "seeds"  # the seed texts' folder, beside the evaluation sets' folder
# A page without a date is placed at one time: the hardest case, every undated page in one window.
UNDATED = datetime(2022, 6, 1, tzinfo=UTC)


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
    site: str | None = None  # the outlet whose page it is; None for texts written or copied for the set
    dated: bool = True  # False: the page gives no date (published is UNDATED, as a load time would be)


def data_root(data: str) -> Path:
    """Return the evaluation sets' folder `--data` names: 'all' (the default), a set, or the folder itself."""
    if data == "all":
        return eval_root()
    folder = resolve_set(data)
    return folder.parent if (folder / "ground-truth.json").is_file() else folder


def missing(root: Path) -> str | None:
    """Return what of the data the set needs is missing under root (the evaluation sets' folder), if any."""
    for name in SETS:
        if not (root / name / "ground-truth.json").is_file():
            return f"no evaluation set at {root / name} (ground-truth.json missing)"
    if not (root.parent / SEEDS).is_dir():
        return f"no seed texts at {root.parent / SEEDS}"
    return None


def _extract(job: tuple[str, str | None]) -> dict[str, Any] | None:
    """Extract one page (in a worker process): title, text, language and date, or None."""
    from newsingest.evaluation.dataset import decode_html
    from newsingest.extract import extract_article

    path, url = job
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


def _page(root: Path, origin: str) -> tuple[str, str | None, str]:
    """Return the page file of a demo: or eval: origin, its URL and its site."""
    kind, _, ref = origin.partition(":")
    if kind == "demo":
        from newsingest.demo import SITE_DIR

        path = Path(SITE_DIR) / ref.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return str(path), f"https://demo.example/{ref.lstrip('/')}", ref.strip("/").split("/")[0]
    data_set, _, doc_id = ref.partition("/")
    folder = root / data_set
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    url = truth[doc_id].get("url")
    html = folder / "html" / f"{doc_id}.html.gz"
    if not html.exists():
        html = folder / "html" / f"{doc_id}.html"
    return str(html), url, site_of(url, doc_id)


def extract_pages(root: Path, origins: list[str], jobs: int = 2) -> dict[str, dict[str, Any] | None]:
    """Return the extraction of each demo: or eval: origin, with its site."""
    pages = [_page(root, origin) for origin in origins]
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_extract, [(path, url) for path, url, _site in pages], chunksize=8))
    return {
        origin: None if result is None else result | {"site": site}
        for origin, (_path, _url, site), result in zip(origins, pages, results, strict=True)
    }


def _at(value: Any) -> datetime:
    if value is None:
        return UNDATED
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def load_items(root: Path, jobs: int = 2, labels: dict[str, Any] | None = None) -> list[Item]:
    """Return the labelled items, texts extracted or made; items whose page yields nothing are left out."""
    labels = labels or json.loads(LABELS.read_text(encoding="utf-8"))
    rewrites = {a["id"]: a for a in json.loads(REWRITES.read_text(encoding="utf-8"))["articles"]}
    entries = labels["items"]
    pages = extract_pages(
        root, [e["from"] for e in entries if e["from"].split(":")[0] in ("demo", "eval")], jobs
    )
    items: dict[str, Item] = {}
    for entry in entries:
        kind, _, ref = entry["from"].partition(":")
        item: Item | None = None
        labelled = {
            "id": entry["id"],
            "source": entry["source"],
            "dup": entry["dup"],
            "story": entry["story"],
        }
        if kind in ("demo", "eval"):
            page = pages[entry["from"]]
            if page is not None:
                item = Item(
                    **labelled,
                    title=entry.get("title") or page["title"],
                    text=page["text"],
                    language=page["language"],
                    published=_at(page["published"]),
                    site=page["site"],
                    dated=page["published"] is not None,
                )
        elif kind == "seed":
            text = (root.parent / SEEDS / ref).read_text(encoding="utf-8").strip()
            item = Item(
                **labelled,
                title=entry["title"],
                text=text,
                language="en",
                published=_at(entry["published"]),
                site=entry["source"],
            )
        elif kind == "rewrite":
            r = rewrites[ref]
            item = Item(
                **labelled | {"source": r["source"]},
                title=r["title"],
                text=r["text"],
                language=r["language"],
                published=_at(r["published"]),
            )
        elif kind == "copy":
            base = items.get(entry["base"])
            if base is not None:
                copy = make_copy(base.title, base.text, entry["ops"], entry["seed"])
                item = Item(
                    **labelled,
                    title=copy.title,
                    text=copy.text,
                    language=base.language,
                    published=base.published + timedelta(hours=entry["hours"]),
                )
        if item is not None:
            items[item.id] = item
    return list(items.values())


def _side(key: str) -> str:
    return TUNING if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else VALIDATION


def parts(items: Iterable[Item]) -> dict[str, str]:
    """Return each item's part, a (tuning) or b (validation): story groups sharing a site go together."""
    parent: dict[str, str] = {}

    def root_of(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    listed = list(items)
    for item in listed:
        group = root_of("story:" + item.story)
        if item.site is not None:
            parent[group] = root_of("site:" + item.site)
    members: dict[str, list[str]] = {}
    for item in listed:
        members.setdefault(root_of("story:" + item.story), []).append(item.story)
    side = {unit: _side(min(stories)) for unit, stories in members.items()}
    return {item.id: side[root_of("story:" + item.story)] for item in listed}
