"""Metadata accuracy per field on pages with expected metadata (the golden fixtures)."""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsingest.extract import extract_article

FIELDS = ("title", "authors", "published_at", "modified_at", "language", "tags", "image_url", "site_name")


def _actual(html: str, url: str | None) -> dict[str, Any]:
    article = extract_article(html, url=url)
    if article is None:
        return {}
    values = {name: getattr(article, name) for name in FIELDS}
    for name in ("published_at", "modified_at"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


def metadata_accuracy(cases: Iterable[Path]) -> dict[str, float]:
    """Return, per field, the share of <name>.json cases whose <name>.html extracts to the expected value."""
    hits = dict.fromkeys(FIELDS, 0)
    total = 0
    for expected_path in cases:
        record = json.loads(expected_path.read_text(encoding="utf-8"))
        html = expected_path.with_suffix(".html").read_text(encoding="utf-8")
        actual = _actual(html, record["meta"].get("url"))
        total += 1
        for name in FIELDS:
            hits[name] += actual.get(name) == record["expected"].get(name)
    return {name: round(hits[name] / total, 3) if total else 0.0 for name in FIELDS}
