"""Article page templates: WordPress-like, a modern JSON-LD-heavy CMS and a legacy table layout."""

from collections.abc import Callable

from sitegen.templates import legacy, modern, wordpress
from sitegen.templates.context import PageContext

RENDERERS: dict[str, Callable[[PageContext], str]] = {
    "wordpress": wordpress.render,
    "modern": modern.render,
    "legacy": legacy.render,
}


def render_article(ctx: PageContext) -> str:
    """Return the HTML page of ctx.article in its own template."""
    return RENDERERS[ctx.article.template](ctx)


__all__ = ["RENDERERS", "PageContext", "render_article"]
