"""Keys that make every stage idempotent: canonical URLs, content hashes and SimHash fingerprints."""

from newsingest.dedup.fingerprint import content_hash, hamming, simhash
from newsingest.dedup.urls import BadURL, canonical_url

__all__ = ["BadURL", "canonical_url", "content_hash", "hamming", "simhash"]
