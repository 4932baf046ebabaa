"""Page chrome shared by the templates: stylesheets, menus, promo boxes, share bars, footers, scripts."""

# Built once at import from fixed word lists, so every page of a template carries the same bytes, as on a
# real site; they make pages the 30–120 KB that real news pages weigh, mostly markup around a short text.

import random
from html import escape

TOPICS = (
    "Elections",
    "Climate",
    "Economy",
    "Health",
    "Education",
    "Transport",
    "Housing",
    "Energy",
    "Crime",
    "Courts",
    "Science",
    "Startups",
    "Markets",
    "Weather",
    "Culture",
    "Sport",
    "Travel",
    "Food",
    "Opinion",
    "Analysis",
    "Video",
    "Podcasts",
    "Photos",
    "Obituaries",
    "Letters",
    "Puzzles",
    "Property",
    "Jobs",
)
_PROPS = ("margin", "padding", "color", "font-size", "line-height", "border-radius", "width", "max-width")


def stylesheet(prefix: str, rules: int) -> str:
    """Return a deterministic inline stylesheet of about 70 bytes per rule."""
    rand = random.Random(prefix)
    lines = []
    for i in range(rules):
        props = ";".join(f"{p}:{rand.randint(0, 48)}px" for p in rand.sample(_PROPS, 3))
        lines.append(f".{prefix}-c{i}{{{props};display:{rand.choice(('block', 'flex', 'grid'))}}}")
    return "\n".join(lines)


def script(name: str, entries: int) -> str:
    """Return a deterministic inline analytics/config script of about 60 bytes per entry."""
    rand = random.Random(name)
    pairs = ",".join(f'"{name}_k{i}":"{rand.getrandbits(64):016x}"' for i in range(entries))
    return (
        f"window.{name}=window.{name}||[];(function(w,d){{var cfg={{{pairs}}};"
        f"w.{name}.push({{event:'page_view',cfg:cfg}});}})(window,document);"
    )


def menu(sections: tuple[str, ...], css_class: str) -> str:
    """Return a navigation menu: sections with their topic sub-menus."""
    items = []
    for section in sections:
        subs = "".join(
            f'<li><a href="/{section}/topics/{t.lower()}/">{t}</a></li>'
            for t in TOPICS[: 6 + len(section) % 5]
        )
        items.append(
            f'<li class="menu-item"><a href="/{section}/">{section.title()}</a><ul class="sub">{subs}</ul>'
            "</li>"
        )
    return f'<nav class="{css_class}"><ul>{"".join(items)}</ul></nav>'


def footer(site_name: str) -> str:
    """Return a footer with link columns, legal notes and social links."""
    columns = "".join(
        f'<div class="col"><h4>{title}</h4><ul>'
        + "".join(f'<li><a href="/{title.lower()}/{t.lower()}/">{t}</a></li>' for t in TOPICS[i : i + 9])
        + "</ul></div>"
        for i, title in enumerate(("About", "Services", "Topics"))
    )
    return (
        f'<footer class="site-footer">{columns}<p class="legal">© {escape(site_name)}. All rights reserved. '
        'Registered office: 1 Example Street. <a href="/privacy/">Privacy policy</a> · '
        '<a href="/cookies/">Cookie settings</a> · <a href="/terms/">Terms of use</a></p>'
        '<ul class="social"><li><a href="https://t.me/example_news">Telegram</a></li>'
        '<li><a href="https://x.com/example_news">X</a></li>'
        '<li><a href="https://facebook.com/example_news">Facebook</a></li></ul></footer>'
    )


TELEGRAM_PROMO = (
    '<div class="promo promo-telegram"><p><strong>Join our Telegram channel</strong> for breaking news '
    'as it happens. <a href="https://t.me/example_news">Subscribe now</a></p></div>'
)
NEWSLETTER = (
    '<aside class="newsletter"><h3>Get the morning briefing</h3><p>Sign up for our newsletter and get '
    'the day\'s top stories in your inbox every morning.</p><form action="/newsletter/subscribe" method='
    '"post">'
    '<input type="email" name="email" placeholder="Your email address"><button>Sign up</button></form>'
    "<small>You can unsubscribe at any time. See our privacy policy.</small></aside>"
)
COOKIE_BANNER = (
    '<div id="cookie-banner" class="cookie" role="dialog"><p>We use cookies to improve your experience '
    "and to show personalised advertising. By continuing to browse you accept our use of cookies.</p>"
    '<button data-consent="all">Accept all</button><button data-consent="none">Reject</button></div>'
)
SHARE_BAR = (
    '<div class="share-bar"><span>Share this article</span>'
    '<a class="share fb" href="https://facebook.com/sharer?u={url}">Facebook</a>'
    '<a class="share x" href="https://x.com/intent/tweet?url={url}">X</a>'
    '<a class="share wa" href="https://wa.me/?text={url}">WhatsApp</a>'
    '<a class="share mail" href="mailto:?body={url}">Email</a></div>'
)
AD_SLOT = '<div class="ad-slot" data-slot="{slot}"><span>Advertisement</span><div id="ad-{slot}"></div></div>'


def ad(slot: str) -> str:
    """Return an empty advertisement slot."""
    return AD_SLOT.format(slot=slot)


def share_bar(url: str) -> str:
    """Return the share bar for a page URL."""
    return SHARE_BAR.format(url=escape(url))
