"""sources.yaml: the bundled file validates; mistakes are reported by file, source and field."""

from pathlib import Path

import pytest

from newsingest.config import BUNDLED_SOURCES
from newsingest.errors import NewsingestError
from newsingest.sources import load_sources, select_sources


def test_bundled_sources_validate_and_include_the_seed_outlets() -> None:
    sources = {s.slug: s for s in load_sources(BUNDLED_SOURCES)}
    assert {"amn", "kurdistan24", "demo"} <= set(sources)
    assert sources["amn"].domain == "americanmilitarynews.com"
    assert sources["kurdistan24"].feeds and sources["kurdistan24"].sitemaps
    assert not sources["demo"].enabled  # only `newsingest demo` runs it, with its own base URL


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_error_names_file_source_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "sources:\n  - slug: good\n    name: G\n    domain: g.example\n    feeds: [https://g.example/feed]\n"
        "    schedule: 'every hour'\n",
    )
    with pytest.raises(NewsingestError) as err:
        load_sources(path)
    message = str(err.value)
    assert str(path) in message and "'good'" in message and "schedule" in message and "cron" in message


def test_bad_regex_and_missing_entry_points_are_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "sources:\n  - slug: x\n    name: X\n    domain: x.example\n"
        "    feeds: [https://x.example/feed]\n    rules: {drop_line_patterns: ['(unclosed']}\n",
    )
    with pytest.raises(NewsingestError, match=r"rules\.drop_line_patterns.*invalid regular expression"):
        load_sources(path)
    path = _write(
        tmp_path,
        "sources:\n  - slug: z\n    name: Z\n    domain: z.example\n"
        "    feeds: [https://z.example/feed]\n    rules: {drop_selectors: ['div[']}\n",
    )
    with pytest.raises(NewsingestError, match=r"'z': rules\.drop_selectors: .*invalid CSS selector"):
        load_sources(path)
    path = _write(tmp_path, "sources:\n  - slug: y\n    name: Y\n    domain: y.example\n")
    with pytest.raises(NewsingestError, match="needs at least one of feeds, sitemaps or listings"):
        load_sources(path)


def test_duplicate_slug_unknown_field_and_yaml_errors(tmp_path: Path) -> None:
    entry = "  - {slug: a, name: A, domain: a.example, feeds: ['https://a.example/f']}\n"
    with pytest.raises(NewsingestError, match="duplicate slug"):
        load_sources(_write(tmp_path, "sources:\n" + entry + entry))
    with pytest.raises(NewsingestError, match="colour: Extra inputs"):
        load_sources(
            _write(
                tmp_path,
                "sources:\n  - {slug: a, name: A, domain: a.example, "
                "feeds: ['https://a.example/f'], colour: red}\n",
            )
        )
    with pytest.raises(NewsingestError, match="invalid YAML"):
        load_sources(_write(tmp_path, "sources: [\n"))
    with pytest.raises(NewsingestError, match="cannot read sources file"):
        load_sources(tmp_path / "missing.yaml")


def test_select_sources_defaults_to_enabled_and_rejects_unknown() -> None:
    sources = load_sources(BUNDLED_SOURCES)
    assert "demo" not in {s.slug for s in select_sources(sources, None)}
    with pytest.raises(NewsingestError, match="unknown source nope"):
        select_sources(sources, ["nope"])


def test_relative_urls_resolve_against_base_url() -> None:
    demo = select_sources(load_sources(BUNDLED_SOURCES), ["demo"])[0].with_base_url("http://127.0.0.1:9999/")
    assert demo.entry_urls()[0] == "http://127.0.0.1:9999/feed.xml"
    assert "127.0.0.1" in demo.hosts()
