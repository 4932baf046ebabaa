"""The benchmark's synthetic site, served from a process of its own: `python -m bench.site --articles N`.

A separate process keeps the server's CPU time and GIL away from the measured sides.
"""

import argparse
import asyncio
import contextlib
import json
from datetime import date
from pathlib import Path

from bench.child_site import served_by_child
from sitegen import Site, SiteSpec
from sitegen.loadgen import run_load
from sitegen.router import Router
from sitegen.workers import serve

# Four years keep month sitemaps far below the 50,000-URL limit even at N = 100,000.
START, END = date(2019, 1, 1), date(2022, 12, 31)
LOAD_CONCURRENCY = 8


def site_spec(articles: int, seed: int) -> SiteSpec:
    """Return the spec of the benchmark site of this size."""
    return SiteSpec(articles, seed=seed, start=START, end=END)


def served_site(articles: int, seed: int) -> "contextlib.AbstractContextManager[str]":
    """Serve the site in a child process and yield its base URL."""
    module = ["-m", "bench.site", "--articles", str(articles), "--seed", str(seed)]
    return served_by_child(module, "the benchmark site")


def sample_ids(total: int, limit: int) -> list[int]:
    """Return up to limit article ids spread evenly over the site (all of them when total <= limit)."""
    step = max(1, -(-total // limit))
    return list(range(0, total, step))[:limit]


def write_pages(spec: SiteSpec, base_url: str, limit: int, path: Path) -> int:
    """Write a sample of article pages as JSON lines {url, html}, exactly as the server renders them."""
    site = Site(spec)
    router = Router(site, base_url, cache_size=0)
    ids = sample_ids(spec.n_articles, limit)
    with path.open("w", encoding="utf-8") as out:
        for article_id in ids:
            page_path = site.entry(article_id).path
            html = router.render(page_path).page.body.decode("utf-8")
            out.write(json.dumps({"url": base_url + page_path, "html": html}) + "\n")
    return len(ids)


def read_pages(path: Path) -> list[tuple[str, str]]:
    """Return the (url, html) pairs write_pages wrote."""
    with path.open(encoding="utf-8") as lines:
        return [(page["url"], page["html"]) for page in map(json.loads, lines)]


def server_rate(spec: SiteSpec, base_url: str, seconds: float = 3.0) -> float:
    """Return the article pages/s the server answers to a keep-alive client, fresh pages each time."""
    site = Site(spec)
    paths = [site.entry(i).path for i in sample_ids(spec.n_articles, 5000)]
    result = asyncio.run(run_load(base_url, paths, LOAD_CONCURRENCY, seconds))
    if result.errors:
        raise RuntimeError(f"the benchmark site answered {result.errors} requests with errors")
    return round(result.per_second, 1)


def main(argv: list[str] | None = None) -> None:
    """Serve until terminated; the first line on stdout is the base URL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    # No page cache: each side of a comparison gets freshly rendered pages, whichever runs first.
    serve(site_spec(args.articles, args.seed), port=0, workers=1, cache_size=0)


if __name__ == "__main__":
    main()
