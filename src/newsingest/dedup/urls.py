"""Canonical URLs: one key per article whatever tracking, case or www. variant a link carries."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


def canonical_url(url: str) -> str:
    """Return url without fragment, tracking parameters, www., default port or host case."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAM.match(k)]
    path = re.sub(r"/{2,}", "/", SESSION_PATH_PARAM.sub("", parts.path)) or "/"
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))
