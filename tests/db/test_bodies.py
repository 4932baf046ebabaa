"""Stored page bodies: written with Zstandard, and rows written with zlib by older versions still read."""

import zlib

from newsingest.db.bodies import ZSTD_MAGIC, compress_body, decompress_body

PAGE = ("<html><body>" + "<p>Parliament voted on the budget today.</p>" * 400 + "</body></html>").encode()


def test_bodies_are_stored_as_zstandard_and_read_back() -> None:
    stored = compress_body(PAGE)
    assert stored.startswith(ZSTD_MAGIC) and len(stored) < len(PAGE) // 4
    assert decompress_body(stored) == PAGE


def test_bodies_stored_with_zlib_by_older_versions_still_read() -> None:
    for level in (1, 6, 9):
        assert decompress_body(zlib.compress(PAGE, level)) == PAGE
