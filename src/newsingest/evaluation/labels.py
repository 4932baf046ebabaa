"""Metadata accuracy on hand-labelled pages of the evaluation sets (title, published day, authors)."""

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsingest.evaluation.dataset import EvalDoc, load_html, resolve_set

LABELS = Path(__file__).with_name("metadata_labels.json")
FIELDS = ("title", "published_day", "authors")


@dataclass(frozen=True, slots=True)
class Label:
    """What a page shows, checked by hand: its headline, its authors (people), its publication day."""

    set_name: str
    doc_id: str
    title: str
    authors: tuple[str, ...]
    published_day: str | None  # None: not labelled (the page does not say it unambiguously)


@dataclass(slots=True)
class FieldScores:
    """Per field: pages right, pages labelled, and the misses (page, expected, found)."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[dict[str, Any]] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        """Return the share of labelled pages whose field is right."""
        return self.right[name] / self.total[name] if self.total[name] else 0.0


@dataclass(slots=True)
class MetadataReport:
    """Field accuracy on the whole label set and on its tuning (a) and validation (b) parts."""

    parts: dict[str, FieldScores]
    pages: dict[str, int]
    sites: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            part: {
                "pages": self.pages[part],
                "sites": self.sites[part],
                **{name: round(scores.accuracy(name), 4) for name in FIELDS},
                "misses": scores.misses if part == "all" else len(scores.misses),
            }
            for part, scores in self.parts.items()
        }


def load_labels(path: Path = LABELS) -> list[Label]:
    """Return the labels of path (a JSON list of {set, id, title, authors, published_day?})."""
    return [
        Label(item["set"], item["id"], item["title"], tuple(item["authors"]), item.get("published_day"))
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]


def _same_text(a: str | None, b: str | None) -> bool:
    def norm(value: str | None) -> str:
        return unicodedata.normalize("NFC", " ".join((value or "").split()))

    return norm(a) == norm(b)


def _stored_day(published: datetime | None, url: str | None) -> str | None:
    """Return the day the pipeline stores: the article's date, else its URL's date (process.job)."""
    from newsingest.dates import url_date

    if published is not None:
        return published.date().isoformat()
    day = url_date(url) if url else None
    return datetime(day.year, day.month, day.day, tzinfo=UTC).date().isoformat() if day else None


def _found(label: Label, doc: EvalDoc) -> dict[str, Any]:
    from newsingest.extract import extract_article

    html = load_html(resolve_set(label.set_name), label.doc_id)
    article = extract_article(html, url=doc.url)
    if article is None:
        return {"title": None, "authors": [], "published_day": _stored_day(None, doc.url)}
    return {
        "title": article.title,
        "authors": article.authors,
        "published_day": _stored_day(article.published_at, doc.url),
    }


def evaluate_labels(labels: list[Label], docs: dict[tuple[str, str], EvalDoc]) -> MetadataReport:
    """Return the accuracy of extract_article's metadata on the labelled pages."""
    parts = {part: FieldScores() for part in ("all", "a", "b")}
    pages = dict.fromkeys(parts, 0)
    sites: dict[str, set[str]] = {part: set() for part in parts}
    for label in labels:
        doc = docs[(label.set_name, label.doc_id)]
        found = _found(label, doc)
        right = {
            "title": _same_text(found["title"], label.title),
            "authors": sorted(map(" ".join, map(str.split, found["authors"])))
            == sorted(map(" ".join, map(str.split, label.authors))),
            "published_day": found["published_day"] == label.published_day,
        }
        expected = {
            "title": label.title,
            "authors": list(label.authors),
            "published_day": label.published_day,
        }
        for part in ("all", doc.half):
            pages[part] += 1
            sites[part].add(doc.site)
            for name in FIELDS:
                if name == "published_day" and label.published_day is None:
                    continue
                parts[part].total[name] += 1
                parts[part].right[name] += right[name]
                if not right[name]:
                    parts[part].misses.append(
                        {
                            "page": f"{label.set_name}/{label.doc_id}",
                            "part": doc.half,
                            "field": name,
                            "expected": expected[name],
                            "found": found[name],
                        }
                    )
    return MetadataReport(parts, pages, {part: len(s) for part, s in sites.items()})


def run_metadata_eval(path: Path = LABELS) -> MetadataReport:
    """Return field accuracy on the labelled pages (the sets must be beside the checkout)."""
    from newsingest.evaluation.dataset import load_dataset

    labels = load_labels(path)
    docs: dict[tuple[str, str], EvalDoc] = {}
    for set_name in sorted({label.set_name for label in labels}):
        for doc in load_dataset(resolve_set(set_name)):
            docs[(set_name, doc.doc_id)] = doc
    return evaluate_labels(labels, docs)


def format_metadata(report: MetadataReport) -> str:
    """Return the field accuracies as an aligned text table (80 columns)."""
    lines = ["metadata (hand-labelled pages of the three sets; exact title, day, authors)"]
    lines.append(f"{'part':<5}{'pages':>6}{'sites':>6}{'title':>8}{'day':>8}{'authors':>9}")
    for part, scores in report.parts.items():
        lines.append(
            f"{part:<5}{report.pages[part]:>6}{report.sites[part]:>6}"
            f"{scores.accuracy('title'):>8.3f}{scores.accuracy('published_day'):>8.3f}"
            f"{scores.accuracy('authors'):>9.3f}"
        )
    return "\n".join(lines)
