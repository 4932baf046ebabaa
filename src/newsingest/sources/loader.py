"""Read and validate sources.yaml, reporting errors by file, source and field."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from newsingest.dedup.urls import BadURL, canonical_url
from newsingest.errors import NewsingestError
from newsingest.sources.model import Source

# libyaml (PyYAML's C parser) reads the bundled file in under a millisecond, PyYAML's own parser in ~20.
LIBYAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _describe(path: Path, label: str, exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(source)"
        problems.append(f"{field}: {err['msg']}")
    return f"{path}: source {label}: " + "; ".join(problems)


def example_mismatches(source: Source) -> list[str]:
    """Return what is wrong with a source's example URLs: each must match its pattern (or not) as stored."""
    problems: list[str] = []
    wanted = [(url, True) for url in source.examples.articles]
    wanted += [(url, False) for url in source.examples.not_articles]
    for url, article in wanted:
        try:
            matched = source.is_article(source.resolve(url))
            shown = canonical_url(source.resolve(url))
        except BadURL as exc:
            problems.append(f"{url!r}: {exc}")
            continue
        if matched != article:
            verdict = "does not match" if article else "matches"
            problems.append(
                f"{url!r} (canonical {shown}) {verdict} article_pattern {source.article_pattern!r}"
            )
    return problems


def parse_sources(data: Any, path: Path) -> list[Source]:
    """Validate the parsed YAML document of a sources file."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise NewsingestError(f"{path}: expected a top-level 'sources:' list")
    sources: list[Source] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["sources"]):
        label = repr(entry.get("slug")) if isinstance(entry, dict) and entry.get("slug") else f"#{index + 1}"
        if not isinstance(entry, dict):
            raise NewsingestError(f"{path}: source {label}: expected a mapping")
        try:
            source = Source.model_validate(entry)
        except ValidationError as exc:
            raise NewsingestError(_describe(path, label, exc)) from None
        if problems := example_mismatches(source):
            raise NewsingestError(f"{path}: source {label}: examples: " + "; ".join(problems))
        if source.slug in seen:
            raise NewsingestError(f"{path}: source {label}: slug: duplicate slug")
        seen.add(source.slug)
        sources.append(source)
    return sources


def _parse_yaml(text: str) -> Any:
    """Return the YAML document in text: libyaml parses it, PyYAML words its errors (it quotes the line)."""
    try:
        return yaml.load(text, Loader=LIBYAML_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def load_sources(path: Path | str) -> list[Source]:
    """Load every source of a sources.yaml file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NewsingestError(f"{path}: cannot read sources file: {exc.strerror}") from None
    try:
        data = _parse_yaml(text)
    except yaml.YAMLError as exc:
        raise NewsingestError(f"{path}: invalid YAML: {exc}".replace("\n", " ")) from None
    return parse_sources(data, path)


def select_sources(sources: Iterable[Source], slugs: Iterable[str] | None) -> list[Source]:
    """Return the named sources (all enabled ones when slugs is empty), failing on unknown names."""
    available = {s.slug: s for s in sources}
    wanted = list(slugs or [])
    if not wanted:
        return [s for s in available.values() if s.enabled]
    unknown = [slug for slug in wanted if slug not in available]
    if unknown:
        raise NewsingestError(f"unknown source {', '.join(unknown)} (known: {', '.join(sorted(available))})")
    return [available[slug] for slug in wanted]
