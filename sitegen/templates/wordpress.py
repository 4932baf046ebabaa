"""A WordPress-like theme: Yoast JSON-LD graph, inline promos, the caption repeated in the body."""

from html import escape

from sitegen.templates import chrome
from sitegen.templates.context import PageContext
from sitegen.templates.meta import head_meta, json_script, news_article_ld

CSS = chrome.stylesheet("wp", 420)
SCRIPTS = chrome.script("dataLayer", 90) + chrome.script("wpEmoji", 40)


def render(ctx: PageContext) -> str:
    """Return the page of an article in the WordPress-like theme."""
    article, entry = ctx.article, ctx.article.entry
    title = escape(entry.title)
    ld = {
        "@context": "https://schema.org",
        "@graph": [news_article_ld(article, ctx.url, ctx.site_name, ctx.image)],
    }
    body: list[str] = []
    for i, paragraph in enumerate(article.paragraphs):
        body.append(f"<p>{escape(paragraph)}</p>")
        if i == 1:
            body.append(chrome.TELEGRAM_PROMO)
        if i == 2:
            # Themes that echo the caption as the first line of the story: extractors must drop it.
            body.append(f"<p>{escape(article.caption)}</p>")
        if i == 4:
            body.append(chrome.ad("in-article"))
    authors = " and ".join(
        '<span class="author vcard"><a class="url fn n" href='
        f'"/author/{escape(a.lower().replace(" ", "-"))}/">'
        f"{escape(a)}</a></span>"
        for a in article.authors
    )
    tags = ", ".join(
        f'<a href="/tag/{escape(t.replace(" ", "-"))}/" rel="tag">{escape(t)}</a>' for t in article.tags
    )
    related = "".join(f'<li><a href="{ctx.base_url}{r.path}">{escape(r.title)}</a></li>' for r in ctx.related)
    comments = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">'
        f'{escape(name)}</b> says:</footer><div class="comment-content"><p>{escape(text)}</p></div>'
        "</article></li>"
        for name, text in article.comments
    )
    published, modified = entry.published, entry.last_modified
    return (
        f'<!DOCTYPE html><html lang="{entry.language}" class="no-js"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{head_meta(article, ctx.url, ctx.site_name, ctx.image)}"
        "<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/style.min.css' media='all'>"
        f'<style id="theme-inline-css">{CSS}</style>'
        f'<script type="application/ld+json" class="yoast-schema-graph">{json_script(ld)}</script>'
        f"<script>{SCRIPTS}</script></head>"
        f'<body class="post-template-default single single-post postid-{entry.id} single-format-standard">'
        f'{chrome.COOKIE_BANNER}<div id="page" class="site"><header id="masthead" class="site-header">'
        f'<div class="site-branding"><p class="site-title"><a href="/">{escape(ctx.site_name)}</a></p></div>'
        f"{chrome.menu(ctx.sections, 'main-navigation')}</header>{chrome.ad('leaderboard')}"
        '<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main">'
        f'<article id="post-{entry.id}" class="post type-post status-publish category-{entry.section}">'
        f'<header class="entry-header"><span class="cat-links"><a href="/{entry.section}/" rel="category'
        ' tag">'
        f'{entry.section.title()}</a></span><h1 class="entry-title">{title}</h1><div class="entry-meta">'
        f'<span class="byline">By {authors}</span> <span class="posted-on">'
        f'<time class="entry-date published" datetime="{published.isoformat()}">{published:%B %d, %Y}</time>'
        f'<time class="updated" datetime="{modified.isoformat()}">{modified:%B %d, %Y}</time></span></div>'
        "</header>"
        f'<figure class="wp-block-image size-large"><img src="{ctx.image}" alt="{title}" width="1024"'
        ' height="683">'
        f"<figcaption>{escape(article.caption)}</figcaption></figure>"
        f'<div class="entry-content">{"".join(body)}</div>'
        f'<footer class="entry-footer"><span class="tags-links">Tags: {tags}</span></footer>'
        f"{chrome.share_bar(ctx.url)}</article>"
        f'<section class="related-posts"><h2>Related stories</h2><ul>{related}</ul></section>'
        f'<div id="comments" class="comments-area"><h2 class="comments-title">{len(article.comments)}'
        " thoughts on "
        f'&ldquo;{title}&rdquo;</h2><ol class="comment-list">{comments}</ol>'
        '<div id="respond"><h3>Leave a Reply</h3><form action="/wp-comments-post.php" method="post">'
        '<textarea name="comment"></textarea><input name="author"><input name="email"><button>Post Comment'
        "</button>"
        "</form></div></div></main></div>"
        f'<aside id="secondary" class="widget-area">{chrome.NEWSLETTER}{chrome.ad("sidebar")}'
        f'<section class="widget"><h2 class="widget-title">Most read</h2><ul>{related}</ul></section>'
        "</aside></div>"
        f"{chrome.footer(ctx.site_name)}</div><script>{SCRIPTS[:4000]}</script></body></html>"
    )
