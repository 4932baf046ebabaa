"""A modern React-style CMS page: several JSON-LD blocks and the article again in a __NEXT_DATA__ blob."""

from html import escape

from sitegen.templates import chrome
from sitegen.templates.context import PageContext
from sitegen.templates.meta import head_meta, json_script, news_article_ld

CSS = chrome.stylesheet("css-1x", 380)
SCRIPTS = chrome.script("__APP_CONFIG__", 120)


def render(ctx: PageContext) -> str:
    """Return the page of an article in the modern CMS layout."""
    article, entry = ctx.article, ctx.article.entry
    title = escape(entry.title)
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": ctx.base_url + "/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": entry.section.title(),
                "item": f"{ctx.base_url}/{entry.section}/",
            },
        ],
    }
    organization = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": ctx.site_name,
        "url": ctx.base_url + "/",
        "logo": f"{ctx.base_url}/static/logo.png",
    }
    next_data = {
        "props": {
            "pageProps": {
                "article": {
                    "id": entry.id,
                    "headline": entry.title,
                    "section": entry.section,
                    "language": entry.language,
                    "published": entry.published.isoformat(),
                    "modified": entry.last_modified.isoformat(),
                    "authors": list(article.authors),
                    "tags": list(article.tags),
                    "version": article.version,
                    "body": [{"type": "paragraph", "text": p} for p in article.paragraphs],
                    "related": [{"id": r.id, "url": r.path, "title": r.title} for r in ctx.related],
                }
            }
        },
        "page": "/[section]/[...slug]",
        "buildId": "b-20221231",
    }
    body: list[str] = []
    for i, paragraph in enumerate(article.paragraphs):
        body.append(f'<p class="Paragraph_p__a8f2">{escape(paragraph)}</p>')
        if i == 2:
            body.append(chrome.NEWSLETTER)
    cards = "".join(
        f'<li class="Card_root__c1"><a class="Card_link__c2" href="{ctx.base_url}{r.path}">'
        f'<span class="Card_title__c3">{escape(r.title)}</span></a></li>'
        for r in ctx.related
    )
    comments = "".join(
        f'<div class="Comment_root__q"><span class="Comment_author__q">{escape(name)}</span>'
        f'<p class="Comment_text__q">{escape(text)}</p></div>'
        for name, text in article.comments
    )
    byline = ", ".join(
        f'<a class="Byline_author__b" href="/authors/{escape(a.lower().replace(" ", "-"))}">{escape(a)}</a>'
        for a in article.authors
    )
    return (
        f'<!DOCTYPE html><html lang="{entry.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"'
        f">{head_meta(article, ctx.url, ctx.site_name, ctx.image)}"
        '<script type="application/ld+json"'
        f">{json_script(news_article_ld(article, ctx.url, ctx.site_name, ctx.image))}</script>"
        f'<script type="application/ld+json">{json_script(breadcrumbs)}</script>'
        f'<script type="application/ld+json">{json_script(organization)}</script>'
        f'<style data-emotion="css">{CSS}</style></head><body><div id="__next">'
        f'<header class="Header_root__x1"><a class="Header_logo__x2" href="/">{escape(ctx.site_name)}</a>'
        f"{chrome.menu(ctx.sections, 'Nav_root__n1')}</header>{chrome.TELEGRAM_PROMO}"
        '<main class="Layout_main__m1"><article class="ArticleLayout_root__a1"><div class='
        '"ArticleHeader_root__h1">'
        f'<a class="Kicker_root__k1" href="/{entry.section}/">{entry.section.title()}</a>'
        f'<h1 data-testid="headline">{title}</h1><div class="Byline_root__b1">By {byline}</div>'
        f'<time datetime="{entry.published.isoformat()}">{entry.published:%d %b %Y, %H:%M}</time></div>'
        f'<figure class="LeadImage_root__l1"><picture><source srcset="{ctx.image}?w=1200 1200w,'
        f' {ctx.image}?w=600 600w">'
        f'<img src="{ctx.image}" alt=""></picture><figcaption><span class="Caption_text__c1">'
        f"{escape(article.caption)}</span></figcaption></figure>"
        f'<div class="ArticleBody_body__x9" data-component="article-body">{"".join(body)}</div>'
        f'{chrome.share_bar(ctx.url)}<ul class="Tags_root__t1">'
        + "".join(
            f'<li><a href="/topics/{escape(t.replace(" ", "-"))}">{escape(t)}</a></li>' for t in article.tags
        )
        + f'</ul></article><aside class="Related_root__r1"><h2>More from {entry.section.title()}</h2><ul'
        f">{cards}</ul>"
        f'</aside>{chrome.ad("mpu")}<section class="Comments_root__q1"><h2>Comments'
        f" ({len(article.comments)})</h2>"
        f"{comments}</section></main>{chrome.footer(ctx.site_name)}</div>"
        f'<script id="__NEXT_DATA__" type="application/json">{json_script(next_data)}</script>'
        f"<script>{SCRIPTS}</script></body></html>"
    )
