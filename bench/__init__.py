"""Benchmarks: each prints JSON and a table; ratios compare sides measured in the same run."""
