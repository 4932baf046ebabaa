"""A legacy CMS page: table layout, HTML 4 doctype, dates in the byline, the caption echoed in the text."""

from html import escape

from sitegen.templates import chrome
from sitegen.templates.context import PageContext
from sitegen.templates.meta import head_meta, json_script, news_article_ld

CSS = chrome.stylesheet("lg", 300)
SCRIPTS = chrome.script("_legacyStats", 110)


def render(ctx: PageContext) -> str:
    """Return the page of an article in the legacy table layout."""
    article, entry = ctx.article, ctx.article.entry
    title = escape(entry.title)
    story = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs[:1])
    story += f'<p class="caption-repeat"><i>{escape(article.caption)}</i></p>'
    story += "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs[1:])
    nav = "".join(
        f'<tr><td class="navcell"><a href="/{s}/">{s.title()}</a></td></tr>'
        + "".join(
            f'<tr><td class="subnav"><a href="/{s}/topics/{t.lower()}/">{t}</a></td></tr>'
            for t in chrome.TOPICS[:8]
        )
        for s in ctx.sections
    )
    related = "".join(
        f'&raquo; <a href="{ctx.base_url}{r.path}">{escape(r.title)}</a><br>' for r in ctx.related
    )
    comments = "".join(
        f'<tr><td class="c-name"><b>{escape(name)}</b> wrote:</td></tr><tr><td class="c-text"'
        f">{escape(text)}</td></tr>"
        for name, text in article.comments
    )
    modified = ""
    if article.version:
        modified = f" | Updated: {entry.last_modified:%d.%m.%Y %H:%M}"
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
        '"http://www.w3.org/TR/html4/loose.dtd">'
        f'<html lang="{entry.language}"><head><meta http-equiv="Content-Type" content="text/html;'
        ' charset=utf-8">'
        f"{head_meta(article, ctx.url, ctx.site_name, ctx.image)}"
        '<script type="application/ld+json"'
        f">{json_script(news_article_ld(article, ctx.url, ctx.site_name, ctx.image))}</script>"
        f'<style type="text/css">{CSS}</style><script type="text/javascript">{SCRIPTS}</script></head>'
        '<body bgcolor="#ffffff" topmargin="0" leftmargin="0">'
        '<table width="100%" border="0" cellpadding="0" cellspacing="0"><tr><td colspan="3" class="masthead">'
        f'<a href="/"><img src="/img/logo.gif" alt="{escape(ctx.site_name)}" border="0"></a></td></tr>'
        f'<tr><td class="leftnav" valign="top" width="180"><table width="100%">{nav}</table></td>'
        f'<td class="main" valign="top"><div class="kicker">{entry.section.upper()}</div>'
        f'<div class="headline"><h1>{title}</h1></div>'
        f'<div class="byline">By {escape(", ".join(article.authors))} | Published: '
        f"{entry.published:%d.%m.%Y %H:%M}{modified}</div>"
        f'<div class="story-image"><img src="{ctx.image}" width="460" alt=""><div class="caption">'
        f"{escape(article.caption)}</div></div>"
        f'<div id="storytext">{story}</div>{chrome.TELEGRAM_PROMO}'
        f'<div class="related"><b>See also:</b><br>{related}</div>'
        f'<div class="comments"><h3>Reader comments</h3><table width="100%">{comments}</table></div></td>'
        '<td class="rightcol" valign="top" width="200"'
        f">{chrome.NEWSLETTER}{chrome.ad('right-1')}{chrome.ad('right-2')}</td></tr>"
        f'<tr><td colspan="3">{chrome.footer(ctx.site_name)}</td></tr></table>'
        f'<script type="text/javascript">{SCRIPTS[:3000]}</script></body></html>'
    )
