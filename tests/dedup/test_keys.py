"""Canonical URLs and fingerprints: the keys that make loads idempotent."""

import hashlib
import random
import re

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


def _reference_simhash(text: str) -> int:
    """SimHash by its definition: a per-bit vote over the shingles' 64-bit blake2b digests."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return 0
    runs = [" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))]
    shingles = list(dict.fromkeys(runs))[:2000]
    digests = [
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") for s in shingles
    ]
    votes = [sum((d >> bit) & 1 for d in digests) for bit in range(64)]
    return sum(1 << bit for bit, n in enumerate(votes) if n > len(shingles) / 2)


def test_simhash_matches_the_per_bit_vote_fingerprints_are_stored_with() -> None:
    rng = random.Random(7)
    vocab = ["alpha", "Beta", "délta", "ÜBER", "x1", "na", "wo", "zeit", "état", "a"]
    texts = ["one", "one two", "one two three", "a a a a a", "?!"]
    texts += [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 60))) for _ in range(300)]
    texts.append(" ".join(str(rng.random()) for _ in range(2500)))  # over the shingle cap
    for text in texts:
        assert simhash(text) == _reference_simhash(text), text[:60]
