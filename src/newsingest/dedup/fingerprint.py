"""Content hashes (exact identity of a text) and SimHash fingerprints (near-identity)."""

import hashlib
import re

WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 3
MAX_SHINGLES = 2000  # enough to place a long article; bounds the cost on huge pages
DIGEST_SIZE = 8  # bytes: a 64-bit fingerprint
# Per bit position, a table mapping each byte value to 1 when that bit is set: bytes.translate and
# bytes.count then count set bits of one digest byte over all shingles in C instead of Python steps.
_BIT_OF = [bytes((byte >> bit) & 1 for byte in range(256)) for bit in range(8)]


def content_hash(text: str) -> str:
    """Return the SHA-256 of text, the key that says whether an article really changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _shingles(words: list[str]) -> list[str]:
    if len(words) < SHINGLE_SIZE:
        return [" ".join(words)]
    runs = zip(*(words[start:] for start in range(SHINGLE_SIZE)), strict=False)
    # dict keeps first-seen order, so the cap picks the same shingles in every process.
    return list(dict.fromkeys(map(" ".join, runs)))[:MAX_SHINGLES]


def simhash(text: str) -> int:
    """Return the 64-bit SimHash of text's lowercase 3-word shingles (0 for empty text)."""
    words = WORD.findall(text.lower())
    if not words:
        return 0
    shingles = _shingles(words)
    digests = b"".join(hashlib.blake2b(s.encode(), digest_size=DIGEST_SIZE).digest() for s in shingles)
    half = len(shingles) / 2
    value = 0
    for index in range(DIGEST_SIZE):
        column = digests[index::DIGEST_SIZE]  # byte `index` of every shingle's digest
        for bit in range(8):
            # Majority vote per bit position: set the bit when most shingles have it.
            if column.translate(_BIT_OF[bit]).count(1) > half:
                value |= 1 << (8 * index + bit)
    return value


def hamming(a: int, b: int) -> int:
    """Return the number of differing bits between two fingerprints."""
    return (a ^ b).bit_count()
