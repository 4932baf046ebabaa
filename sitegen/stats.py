"""Counts and sizes of a site: articles per month and language, syndicated copies, page sizes."""

from collections import Counter
from statistics import median

from sitegen.model import Site
from sitegen.router import Router


def site_stats(site: Site, sample: int = 100) -> dict[str, object]:
    """Return articles per month, per language and template, syndicated count and sampled page sizes."""
    view = site.view()
    per_month = {f"{y:04d}-{m:02d}": len(view.month_ids(y, m)) for y, m in view.months()}
    router = Router(site, "http://127.0.0.1:8000", cache_size=0)
    step = max(1, view.total // sample)
    languages: Counter[str] = Counter()
    templates: Counter[str] = Counter()
    syndicated = 0
    sizes = []
    for i in range(0, view.total, step):
        article = view.article(i)
        languages[article.entry.language] += 1
        templates[article.template] += 1
        syndicated += article.syndicated_from is not None
        sizes.append(len(router.render(article.entry.path).page.body))
    return {
        "articles": view.total,
        "months": len(per_month),
        "per_month": per_month,
        "sampled": len(sizes),
        "languages_sampled": dict(languages),
        "templates_sampled": dict(templates),
        "syndicated_sampled": syndicated,
        "page_bytes": {"min": min(sizes), "median": int(median(sizes)), "max": max(sizes)},
    }
