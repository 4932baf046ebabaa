"""Which URLs newsingest may fetch: http(s) only, and hosts resolving to public addresses.

One policy for every outgoing request: the crawl's SSRF middleware and the health probes both use it.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Collection
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_problem(address: IPAddress) -> str | None:
    """Return why address must not be fetched (loopback, private, link-local, …), or None when public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        inner = address_problem(address.ipv4_mapped)
        return f"IPv6-mapped {inner}" if inner else None
    for label, flag in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("private", address.is_private),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
    ):
        if flag:
            return f"{label} address {address}"
    if not address.is_global:  # CGNAT 100.64.0.0/10 and other shared or special-purpose ranges
        return f"non-global address {address}"
    return None


def _addresses(infos: list[tuple[object, ...]]) -> list[IPAddress]:
    # Scoped IPv6 addresses carry "%iface", which ip_address refuses.
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]  # type: ignore[index]


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Return every address host resolves to (the literal itself for an IP)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return _addresses(list(infos))


def resolve_sync(host: str, port: int) -> list[IPAddress]:
    """Return every address host resolves to, blocking (the literal itself for an IP)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    return _addresses(list(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)))


def addresses_problem(host: str, addresses: list[IPAddress]) -> str | None:
    """Return why host, resolving to addresses, must not be fetched, or None."""
    problems = [p for p in map(address_problem, addresses) if p]
    return f"{host} resolves to {problems[0]}" if problems else None


def url_problem(url: str, private_ok: Collection[str] = ()) -> str | None:
    """Return why url must not be fetched (scheme, no host, a non-public address), or None; resolves DNS.

    Hosts in private_ok (lowercase) may resolve anywhere: the source opted in (allow_private_hosts).
    A host that does not resolve is no problem here: the fetch then fails with the resolver's error.
    """
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        return f"not a URL ({exc})"
    if parts.scheme.lower() not in SCHEMES:
        return f"scheme {parts.scheme or '(none)'!r} is not http(s)"
    host = (parts.hostname or "").lower()
    if not host:
        return "URL has no host"
    if host in private_ok:
        return None
    try:
        addresses = resolve_sync(host, port)
    except (OSError, UnicodeError):
        return None
    return addresses_problem(host, addresses)
