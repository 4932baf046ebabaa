"""Canonical URLs and fingerprints: the keys that make loads idempotent."""

from newsingest.dedup import canonical_url, content_hash, hamming, simhash


def test_canonical_url_drops_tracking_fragment_www_case_and_default_port() -> None:
    assert canonical_url("HTTPS://WWW.Example.com:443/News/a?utm_source=rss&utm_medium=rss#top") == (
        "https://example.com/News/a"
    )
    assert canonical_url("https://example.com/a?b=2&fbclid=x&a=1") == "https://example.com/a?a=1&b=2"
    assert canonical_url("http://127.0.0.1:8765//x/") == "http://127.0.0.1:8765/x/"


def test_content_hash_is_exact_and_simhash_is_near() -> None:
    text = " ".join(f"word{i} appears in sentence {i % 7}" for i in range(200))
    edited = text.replace("word10 ", "term10 ")
    assert content_hash(text) != content_hash(edited)
    assert hamming(simhash(text), simhash(edited)) <= 6
    other = " ".join(f"different{i} text about topic {i % 5}" for i in range(200))
    assert hamming(simhash(text), simhash(other)) > 16
    assert simhash("") == 0
