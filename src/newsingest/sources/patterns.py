"""Article patterns: searched in the canonical URL, with and without the host's www. prefix."""

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from newsingest.dedup.urls import canonical_url


def host_forms(canonical: str) -> tuple[str, ...]:
    """Return a canonical URL as stored (no www.) and, for a named host, its www. form."""
    parts = urlsplit(canonical)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if host and "." in host:
            return canonical, urlunsplit(parts._replace(netloc="www." + parts.netloc))
    return (canonical,)


def article_match(pattern: str | re.Pattern[str], url: str) -> bool:
    """Say whether pattern matches url's canonical form, with or without www. (BadURL if unusable)."""
    # Canonical URLs drop www., yet outlets are known by their www. address and patterns get written
    # with it: trying both forms makes `^https://www\.x\.net/` and `^https://x\.net/` both work.
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    return any(compiled.search(form) for form in host_forms(canonical_url(url)))
