"""The <head> metadata every template carries: title, canonical, Open Graph, article times, JSON-LD."""

import json
from html import escape
from typing import Any

from sitegen.article import Article


def iso(article: Article) -> tuple[str, str]:
    """Return the ISO publication and modification times (modification falls back to publication)."""
    entry = article.entry
    return entry.published.isoformat(), entry.last_modified.isoformat()


def json_script(data: Any) -> str:
    """Return data as JSON that is safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def news_article_ld(article: Article, url: str, site_name: str, image: str) -> dict[str, Any]:
    """Return the schema.org NewsArticle object for an article."""
    published, modified = iso(article)
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.entry.title,
        "datePublished": published,
        "dateModified": modified,
        "author": [{"@type": "Person", "name": name} for name in article.authors],
        "keywords": ", ".join(article.tags),
        "articleSection": article.entry.section,
        "inLanguage": article.entry.language,
        "image": [image],
        "publisher": {"@type": "Organization", "name": site_name},
    }


def head_meta(article: Article, url: str, site_name: str, image: str) -> str:
    """Return the meta tags (without JSON-LD) of an article page."""
    entry = article.entry
    published, modified = iso(article)
    title = escape(entry.title)
    description = escape(article.paragraphs[0][:200])
    tags = "".join(f'<meta property="article:tag" content="{escape(t)}">' for t in article.tags)
    return (
        f"<title>{title} | {escape(site_name)}</title>"
        f'<meta name="description" content="{description}">'
        f'<link rel="canonical" href="{escape(url)}">'
        f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
        f'<meta property="og:url" content="{escape(url)}"><meta property="og:image" content="{image}">'
        f'<meta property="og:description" content="{description}">'
        f'<meta property="og:site_name" content="{escape(site_name)}">'
        f'<meta property="og:locale" content="{entry.language}">'
        f'<meta property="article:published_time" content="{published}">'
        f'<meta property="article:modified_time" content="{modified}">'
        f'<meta property="article:section" content="{entry.section}">{tags}'
        f'<meta name="author" content="{escape(", ".join(article.authors))}">'
    )
