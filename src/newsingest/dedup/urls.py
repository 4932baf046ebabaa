"""Canonical URLs: one key per article whatever tracking, case or www. variant a link carries."""

import re
from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that identify the click, not the document (UTM, ad and newsletter click ids, share refs).
TRACKING_PARAM = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"ref|ref_src|ref_url|cmpid|ito|ocid|smid|spm|share|src|sr_share|at_medium|at_campaign|"
    r"__twitter_impression|amp|outputType|"
    # Session ids: every visit mints a new one, so a crawler keeping them sees endless "new" URLs.
    r"jsessionid|phpsessid|sessionid|session_id|sessid|aspsessionid\w*|cfid|cftoken)$",
    re.IGNORECASE,
)
SESSION_PATH_PARAM = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
DEFAULT_PORTS = {"http": 80, "https": 443}
WEB_SCHEMES = ("http", "https")
# Hosts are stored as punycode ASCII; anything else left in one (spaces, controls) cannot be fetched.
HOST_CHARS = re.compile(r"^[a-z0-9._~!$&'()*+,;=%-]*$")


class BadURL(ValueError):  # noqa: N818 - the name says what the caller records; "Error" adds nothing
    """A link that cannot be parsed into a usable URL (bad IPv6 literal, port out of range, no host)."""


def _split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading the port is what validates it
    except ValueError as exc:
        raise BadURL(f"unusable URL {url[:200]!r}: {exc}") from None
    return parts


def _host(parts: SplitResult, url: str) -> str:
    hostname = parts.hostname or ""
    if ":" in hostname:  # an IPv6 literal keeps its brackets
        return f"[{hostname}]"
    if not HOST_CHARS.match(hostname):
        raise BadURL(f"unusable URL {url[:200]!r}: host {hostname[:100]!r} has invalid characters")
    while hostname.startswith("www."):  # www.www.x would otherwise lose one more "www." per pass
        hostname = hostname[4:]
    return hostname


def _query(query: str) -> str:
    # w3lib has sorted and percent-encoded the pairs; filter them as written so a second pass is a no-op.
    pairs = [p for p in query.split("&") if p]
    return "&".join(p for p in pairs if not TRACKING_PARAM.match(unquote_plus(p.split("=", 1)[0])))


def _clean_path(path: str) -> str:
    return re.sub(r"/{2,}", "/", SESSION_PATH_PARAM.sub("", path))


def canonical_url(url: str) -> str:
    """Return url without fragment, tracking parameters, www., default port, userinfo or host case."""
    # Raises BadURL (a ValueError) when url cannot be used: an unclosed IPv6 bracket, a port outside
    # 0-65535, an http(s) URL without a host; never another exception type.
    url = url.strip()
    raw = _split(url)  # w3lib raises plain ValueErrors (or worse) on these; name the link instead
    # Session ids and doubled slashes go before w3lib, so that its dot-segment step sees the final path.
    cleaned = urlunsplit(raw._replace(path=_clean_path(raw.path)))
    try:
        # IDN hosts to punycode, percent-encoding and query order normalised, dot segments resolved.
        parts = _split(canonicalize_url(cleaned, keep_blank_values=True, keep_fragments=False))
    except ValueError as exc:  # e.g. a lone surrogate, or a bracket w3lib's stricter parser refuses
        raise BadURL(f"unusable URL {url[:200]!r}: {exc}") from None
    scheme = parts.scheme.lower()
    host = _host(parts, url)
    if scheme in WEB_SCHEMES and not host:
        raise BadURL(f"unusable URL {url[:200]!r}: no host")
    port = parts.port
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    result = urlunsplit((scheme, netloc, parts.path or "/", _query(parts.query), ""))
    if _clean_path(parts.path) != parts.path:
        # Decoding (%3B to ;) or dot segments (/a/..//b) made a new one: another pass removes it.
        return canonical_url(result)
    return result
