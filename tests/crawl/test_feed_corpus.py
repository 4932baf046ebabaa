"""feedparser's own test corpus: the feed parser never raises, and finds every entry link it is told to."""

# Each corpus file starts with a comment whose "Expect:" line is a Python expression over feedparser's
# result; the ones naming entries[i]['link'] say which link a parser must find for entry i. feedparser's
# harness serves each file at http://127.0.0.1:8097/tests/<path>, with any "Header: Content-Location:"
# line as the document's base, so relative links resolve against those.

import os
import re
from pathlib import Path

import pytest

from newsingest.crawl.feeds import parse_feed

ENV_VAR = "NEWSINGEST_FEED_CORPUS"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true")
EXPECT = re.compile(r"^\s*Expect:\s*(.*?)\s*$", re.MULTILINE)
CONTENT_LOCATION = re.compile(r"^\s*Header:\s*Content-Location:\s*(\S+)", re.MULTILINE | re.IGNORECASE)
LINK_EXPECTATION = re.compile(r"^(?:not bozo and )?((?:entries\[\d+\]\['link'\] == )+)'([^']*)'$")
HARNESS = "http://127.0.0.1:8097/tests/"


def corpus_dir() -> Path:
    """Return $NEWSINGEST_FEED_CORPUS, else ../shared/corpora/feedparser beside the checkout."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora" / "feedparser").resolve()


def _files() -> list[Path]:
    root = corpus_dir()
    if not root.is_dir():
        message = f"feedparser corpus missing at {root} (set {ENV_VAR})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix == ".xml")
    assert len(files) > 800, f"{root} holds only {len(files)} feeds: not the whole corpus"
    return files


def _header(body: bytes) -> str:
    return body[: body.find(b"-->") + 3].decode("utf-8", "replace") if b"-->" in body[:2000] else ""


def _base(path: Path, header: str) -> str:
    if location := CONTENT_LOCATION.search(header):
        return location[1]
    return HARNESS + path.relative_to(corpus_dir()).as_posix()


def test_every_corpus_file_parses_without_an_exception() -> None:
    failures = []
    for path in _files():
        body = path.read_bytes()
        try:
            parse_feed(body, _base(path, _header(body)))
        except Exception as exc:  # the point: any exception at all is a failure, named by file
            failures.append(f"{path.name}: {exc!r}")
    assert failures == []


def test_every_expected_entry_link_is_found() -> None:
    checked, missed = 0, []
    for path in _files():
        body = path.read_bytes()
        header = _header(body)
        expect = EXPECT.search(header)
        match = LINK_EXPECTATION.match(expect[1]) if expect else None
        if not match:
            continue
        checked += 1
        want = match[2]
        urls = [e.url for e in parse_feed(body, _base(path, header))]
        for index in map(int, re.findall(r"entries\[(\d+)\]", match[1])):
            if index >= len(urls) or urls[index] != want:
                missed.append(f"{path.relative_to(corpus_dir())}: entry {index} wants {want}, got {urls}")
    assert checked == 20, "the corpus's entry-link expectations changed: review this test"
    assert missed == []
