"""MinHash signatures of a text's word shingles and their LSH bands: the keys that find near-copies."""

import hashlib
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from newsingest.dedup.fingerprint import WORD

SHINGLE_SIZE = 3
MAX_SHINGLES = 5000  # a very long page is placed by its first shingles; bounds the cost
PERMUTATIONS = 64
BANDS = 16  # of PERMUTATIONS // BANDS rows: texts sharing ~60 % of shingles meet in a band 9 times in 10
ROWS = PERMUTATIONS // BANDS
_SEED = b"newsingest-minhash-v1"


@lru_cache(maxsize=1)
def _permutations() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Return the fixed odd multipliers and offsets of the hash family (the same in every process)."""
    raw = hashlib.shake_256(_SEED).digest(16 * PERMUTATIONS)
    values = np.frombuffer(raw, dtype="<u8").reshape(2, PERMUTATIONS).copy()
    return values[0] | np.uint64(1), values[1]


def shingles(text: str) -> set[str]:
    """Return the set of lowercase word 3-grams of text (the text itself when it has fewer words)."""
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE_SIZE:
        return {" ".join(words)} if words else set()
    runs = zip(*(words[start:] for start in range(SHINGLE_SIZE)), strict=False)
    return set(list(dict.fromkeys(map(" ".join, runs)))[:MAX_SHINGLES])


def _shingle_hashes(grams: set[str]) -> npt.NDArray[np.uint64]:
    # In any order: the signature takes minima.
    blake2b = hashlib.blake2b
    joined = b"".join([blake2b(g.encode(), digest_size=8).digest() for g in grams])
    return np.frombuffer(joined, dtype="<u8")


def signature(grams: set[str]) -> npt.NDArray[np.uint64]:
    """Return the MinHash signature (PERMUTATIONS values) of a shingle set; all ones when it is empty."""
    if not grams:
        return np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    multipliers, offsets = _permutations()
    hashes = _shingle_hashes(grams)
    with np.errstate(over="ignore"):  # multiply-add modulo 2**64 is the hash family
        mixed = hashes[None, :] * multipliers[:, None] + offsets[:, None]
    return mixed.min(axis=1)  # type: ignore[no-any-return]


def bands(sig: npt.NDArray[np.uint64]) -> list[int]:
    """Return the BANDS keys of a signature: each a signed 63-bit hash of its band's rows and position."""
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)  # fits a signed BIGINT
    return keys


def text_bands(text: str) -> list[int]:
    """Return the LSH band keys of text."""
    return bands(signature(shingles(text)))
