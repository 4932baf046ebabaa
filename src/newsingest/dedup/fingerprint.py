"""Content hashes (exact identity of a text) and SimHash fingerprints (near-identity)."""

import hashlib
import re

WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 3
MAX_SHINGLES = 2000  # enough to place a long article; bounds the cost on huge pages
LANE = 16  # bits per counter in the packed sum below; holds counts up to MAX_SHINGLES

# Each byte value spread into 8 counters of LANE bits, one per bit: adding these packed integers
# counts set bits per position with 8 big-int operations per hash instead of 64 Python steps.
_SPREAD = [sum(((byte >> bit) & 1) << (LANE * bit) for bit in range(8)) for byte in range(256)]


def content_hash(text: str) -> str:
    """Return the SHA-256 of text, the key that says whether an article really changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def simhash(text: str) -> int:
    """Return the 64-bit SimHash of text's lowercase 3-word shingles (0 for empty text)."""
    words = WORD.findall(text.lower())
    if not words:
        return 0
    count = max(1, len(words) - SHINGLE_SIZE + 1)
    # dict keeps first-seen order, so the cap picks the same shingles in every process.
    shingles = list(dict.fromkeys(" ".join(words[i : i + SHINGLE_SIZE]) for i in range(count)))
    shingles = shingles[:MAX_SHINGLES]
    packed = 0
    for shingle in shingles:
        digest = hashlib.blake2b(shingle.encode(), digest_size=8).digest()
        for index, byte in enumerate(digest):
            packed += _SPREAD[byte] << (LANE * 8 * index)
    half = len(shingles) / 2
    mask = (1 << LANE) - 1
    value = 0
    for bit in range(64):
        # Majority vote per bit position: set the bit when most shingles have it.
        if (packed >> (LANE * bit)) & mask > half:
            value |= 1 << bit
    return value


def hamming(a: int, b: int) -> int:
    """Return the number of differing bits between two fingerprints."""
    return (a ^ b).bit_count()
