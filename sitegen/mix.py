"""Deterministic hashing of (seed, article id, purpose) into ints, floats and RNGs, with no state."""

import random
import zlib

MASK = (1 << 64) - 1


def _splitmix(x: int) -> int:
    # SplitMix64 finaliser: cheap, well-mixed and identical on every platform and Python run.
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def salt(purpose: str) -> int:
    """Return a stable integer for a purpose name (str hash() is randomised per process)."""
    return zlib.crc32(purpose.encode())


def mix(seed: int, index: int, purpose: int) -> int:
    """Return a 64-bit value determined by seed, index and purpose."""
    return _splitmix(_splitmix(_splitmix(seed & MASK) ^ index) ^ purpose)


def unit(seed: int, index: int, purpose: int) -> float:
    """Return a float in [0, 1) determined by seed, index and purpose."""
    return mix(seed, index, purpose) / 2.0**64


def rng(seed: int, index: int, purpose: int) -> random.Random:
    """Return a Random seeded by seed, index and purpose (for longer generated sequences)."""
    return random.Random(mix(seed, index, purpose))
