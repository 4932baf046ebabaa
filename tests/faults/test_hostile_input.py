"""Hostile input end to end, once per family: bombs and huge pages, entity tricks, SSRF, pathological HTML,
broken charsets.

The crawl side of each is unit-tested without a process (tests/crawl/test_fetch_failures.py, test_xml_entities.py,
tests/crawl/middlewares/test_ssrf.py). The database is not the subject, except where text is stored as it came:
only the charset test runs on PostgreSQL too (NUL bytes, which its text type cannot hold, and NFC).
"""

import unicodedata
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import brotli
import pytest
from sqlalchemy import Engine, select

from newsingest.db.models import CrawlRun, Failure, Page
from tests.conftest import ON_SQLITE
from tests.faults.server import FaultServer, Reply
from tests.faults.site import (
    article_html,
    article_text,
    articles,
    failures,
    fault_source,
    page,
    rss,
    run_ingest,
    serve_articles,
    summary_of,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
BOMB_BYTES = 256 * 1024 * 1024  # decoded size of each bomb
LIMIT = 1024 * 1024  # the source's download_maxsize in these tests
# A crawl process peaks near 140 MiB; one fully inflated bomb would add 256 MiB (630 MiB measured with
# Scrapy's 1 GiB default limit).
PEAK_RSS_LIMIT_KB = 300 * 1024


@cache
def bomb(encoding: str) -> bytes:
    """Return BOMB_BYTES of zeros compressed with encoding (a few hundred kB on the wire)."""
    chunk, chunks = b"\0" * (1 << 20), BOMB_BYTES >> 20
    if encoding == "br":
        brotli_compressor = brotli.Compressor(quality=1)
        return b"".join(brotli_compressor.process(chunk) for _ in range(chunks)) + brotli_compressor.finish()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31 if encoding == "gzip" else 15)
    return b"".join(compressor.compress(chunk) for _ in range(chunks)) + compressor.flush()


def peak_rss_kb(engine: Engine) -> int:
    with engine.connect() as conn:
        counters = conn.execute(select(CrawlRun.counters).order_by(CrawlRun.id.desc())).scalars().first()
    assert counters is not None
    return int(counters["scrapy"]["newsingest/peak_rss_kb"])


@ON_SQLITE
def test_hostile_compression_bombs_and_100mb_pages_rejected_with_bounded_memory(
    engine: Engine, server: FaultServer, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    paths = serve_articles(
        server, ["calm-day", "gzip-bomb", "deflate-bomb", "brotli-bomb", "huge", "huge-close"]
    )
    for path, encoding in zip(paths[1:4], ("gzip", "deflate", "br"), strict=True):
        server.routes[path] = Reply(200, bomb(encoding), {"Content-Encoding": encoding})
    hundred_mb = (b"<p>" + b"x" * 1020 + b"</p>\n", 100 * 1024)
    server.routes[paths[4]] = Reply(200, stream=hundred_mb)  # announces 100 MB in Content-Length
    server.routes[paths[5]] = Reply(200, stream=hundred_mb, length=-1)  # no length: read until the limit
    summary = summary_of(run_ingest(tmp_path, fault_source(server, download_maxsize=LIMIT)))
    assert failures(engine, server.base_url) == {p: ("too_large", "TooLarge") for p in paths[1:]}
    assert summary["new"] == 1
    peak = peak_rss_kb(engine)
    record_property("crawl_peak_rss_kb", peak)
    print(f"crawl peak RSS under bombs: {peak / 1024:.0f} MiB")
    assert peak < PEAK_RSS_LIMIT_KB


@ON_SQLITE
def test_hostile_billion_laughs_and_external_entities_in_feeds_and_sitemaps(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    marker = "TOPSECRET-7d1c"
    secret = tmp_path / "secret.txt"
    secret.write_text(marker, encoding="utf-8")
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    dtd = f'<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{secret}">{laughs}]>'
    feed = (
        f"<?xml version='1.0'?>{dtd}<rss version='2.0'><channel><title>&lol9;</title>"
        f"<item><title>&secret;</title><link>{server.base_url}/news/&secret;&lol9;.html</link></item>"
        f"<item><link>{server.base_url}/news/feed-story.html</link></item></channel></rss>"
    )
    sitemap = (
        f"<?xml version='1.0'?>{dtd}<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{server.base_url}/news/&secret;.html</loc></url>"
        f"<url><loc>{server.base_url}/news/sitemap-story.html</loc></url></urlset>"
    )
    server.routes["/feed.xml"] = Reply(200, feed.encode(), {"Content-Type": "application/rss+xml"})
    server.routes["/sitemap.xml"] = Reply(200, sitemap.encode(), {"Content-Type": "application/xml"})
    for slug in ("feed-story", "sitemap-story"):
        server.routes[f"/news/{slug}.html"] = page(slug)
    summary = summary_of(run_ingest(tmp_path, fault_source(server, sitemaps=["/sitemap.xml"])))
    assert set(articles(engine, server.base_url)) == {"/news/feed-story.html", "/news/sitemap-story.html"}
    assert summary["duration_s"] < 60
    assert not any(marker in hit.path or "lollol" in hit.path for hit in server.log)
    with engine.connect() as conn:
        stored = [
            *conn.execute(select(Page.url, Page.final_url)),
            *conn.execute(select(Failure.url, Failure.detail)),
        ]
    assert not any(marker in str(value) for row in stored for value in row)


@ON_SQLITE
def test_hostile_ssrf_private_addresses_and_schemes_refused_before_connecting(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    port = server.port
    hostile = [
        "http://169.254.169.254/news/latest/meta-data/",
        "http://10.0.0.5/news/intranet.html",
        "http://192.168.1.1/news/router.html",
        "http://100.64.1.1/news/cgnat.html",
        f"http://[::ffff:127.0.0.1]:{port}/news/secret.html",
        f"http://localhost:{port}/news/secret.html",
        "file:///etc/passwd",
        "ftp://127.0.0.1/news/file.html",
        "data:text/html,<p>news</p>",
    ]
    server.routes["/news/fine.html"] = page("fine")
    server.routes["/news/secret.html"] = page("secret")
    targets = {
        "meta": "http://169.254.169.254/latest/meta-data/",
        "local": f"http://localhost:{port}/news/secret.html",
        "passwd": "file:///etc/passwd",
        "ftp": "ftp://127.0.0.1/pub/x",
    }
    redirects: dict[str, str] = {}  # redirecting URL -> where it redirects
    for name, target in targets.items():
        server.routes[f"/news/r-{name}.html"] = Reply(302, headers={"Location": target})
        redirects[server.url(f"/news/r-{name}.html")] = target
    server.routes["/feed.xml"] = rss([server.url("/news/fine.html"), *hostile, *redirects])
    # Links to other hosts are dropped before any request (off-site): the hostile hosts are declared the
    # source's own here, so that what stops them is the guard.
    hosts = ["169.254.169.254", "10.0.0.5", "192.168.1.1", "100.64.1.1", "::ffff:127.0.0.1", "localhost"]
    summary_of(run_ingest(tmp_path, fault_source(server, article_pattern=None, allowed_hosts=hosts)))
    found = failures(engine)
    for url in [*hostile, *redirects]:
        matches = [v for k, v in found.items() if unquote(k).rstrip("/") == url.rstrip("/")]
        if url.startswith(("file:", "data:")):  # no host, so no link of the site: dropped, never requested
            assert matches == [], url
            continue
        [(stage, error_class)] = matches
        refused = redirects.get(url, url)  # a redirect is refused for where it leads
        expected = "BlockedScheme" if refused.split(":")[0] in ("file", "ftp", "data") else "BlockedAddress"
        assert (stage, error_class) == ("refused", expected), url
    assert server.requested("/news/secret.html") == 0  # nothing reached the loopback service
    assert set(articles(engine, server.base_url)) == {"/news/fine.html"}


@ON_SQLITE
def test_hostile_pathological_html_bounded_extraction_time(
    engine: Engine, server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSINGEST_EXTRACT_TIMEOUT", "4")
    text = article_text("hostile-markup")
    attributes = " ".join(f"a{i}='x'" for i in range(200_000))  # minutes of work for lxml and trafilatura
    pages = {
        "many-attributes": f"<html><body><div {attributes}><p>{text}</p></div></body></html>",
        "deep-nesting": "<html><body>" + "<div>" * 100_000 + f"<p>{text}</p>" + "</div>" * 100_000,
        "huge-attribute": f"<html><body><div title='{'a' * 6_000_000}'><p>{text}</p></div></body></html>",
    }
    paths = serve_articles(server, ["calm-day", *pages])
    for slug, html in pages.items():
        server.routes[f"/news/{slug}.html"] = Reply(200, html.encode())
    summary = summary_of(run_ingest(tmp_path, fault_source(server)))
    found = failures(engine, server.base_url)
    assert found["/news/many-attributes.html"] == ("extract", "Timeout")
    assert found["/news/huge-attribute.html"] == ("too_large", "TooLarge")
    assert found["/news/deep-nesting.html"][0] in ("extract", "empty")
    assert set(articles(engine, server.base_url)) == {paths[0]}
    assert summary["duration_s"] < 90


def _partly_double_encoded(text: str) -> str:
    """Return text with every other sentence double-encoded (UTF-8 read as cp1252)."""
    sentences = text.split(". ")
    return ". ".join(s.encode().decode("cp1252") if i % 2 else s for i, s in enumerate(sentences))


def test_hostile_wrong_or_missing_charsets_mojibake_and_nul_bytes(
    engine: Engine, server: FaultServer, tmp_path: Path
) -> None:
    accented = (
        "Le café de la rue Hébert a rouvert après six mois de travaux. Les habitués étaient ravis de retrouver "
        "leur comptoir en zinc et les banquettes rénovées. La propriétaire, Amélie Durand, a précisé que les "
        "prix resteraient les mêmes jusqu'à l'été. Le quartier espère que d'autres commerces suivront bientôt "
        "cet exemple. Une fête est prévue samedi soir avec un concert de jazz à côté de la fontaine."
    )
    decomposed = unicodedata.normalize("NFD", accented)
    html = article_html("x", text=accented).replace("<meta charset='utf-8'>", "")
    pages = {
        # cp1252 bytes under a header claiming UTF-8
        "wrong-header": Reply(200, html.encode("cp1252"), {"Content-Type": "text/html; charset=utf-8"}),
        # UTF-8 bytes with no charset anywhere
        "no-charset": Reply(200, html.encode("utf-8"), {"Content-Type": "text/html"}),
        # UTF-8 that was once decoded as cp1252 and re-encoded: "cafÃ©"
        "double-encoded": Reply(200, article_html("m", text=accented.encode().decode("cp1252")).encode()),
        # only some sentences double-encoded (a CMS re-encoding one field): the rest of the page is right
        "partly-double-encoded": Reply(
            200, article_html("p", text=_partly_double_encoded(accented)).encode()
        ),
        # combining accents (NFD): stored as NFC
        "decomposed": Reply(200, article_html("d", text=decomposed).encode()),
        # already broken at the source: mostly U+FFFD
        "replacement-soup": Reply(
            200, article_html("r", text="Le caf\ufffd \ufffd\ufffd\ufffd d\ufffd " * 30).encode()
        ),
    }
    for slug, reply in pages.items():
        server.routes[f"/news/{slug}.html"] = reply
    # NUL characters: libxml2 stops at one and PostgreSQL text cannot hold one.
    nul_bytes = article_html("nul-bytes").replace("council", "coun\x00cil")
    server.routes["/news/nul-bytes.html"] = Reply(200, nul_bytes.encode())
    server.routes["/feed.xml"] = rss([server.url(f"/news/{slug}.html") for slug in [*pages, "nul-bytes"]])
    summary_of(run_ingest(tmp_path, fault_source(server)))
    stored = articles(engine, server.base_url)
    nul = stored.pop("/news/nul-bytes.html")
    assert "\x00" not in nul.text and "council" in nul.text
    assert set(stored) == {
        f"/news/{s}.html"
        for s in ("wrong-header", "no-charset", "double-encoded", "partly-double-encoded", "decomposed")
    }
    for article in stored.values():
        assert "café" in article.text and "Ã" not in article.text and "\ufffd" not in article.text
        assert unicodedata.is_normalized("NFC", article.text)
    assert failures(engine, server.base_url) == {"/news/replacement-soup.html": ("extract", "Mojibake")}
