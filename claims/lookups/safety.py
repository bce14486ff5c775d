"""Which URLs the desk may fetch: the server-side request forgery guard.

A URL may be fetched when it is http(s), carries no credentials, and its host resolves only to
public internet addresses. IP literals are normalised the way resolvers read them (`127.1`,
`0x7f.1`, `2130706433` all mean 127.0.0.1), and IPv6 forms that embed an IPv4 address (mapped,
NAT64, 6to4, Teredo) are judged by the address they embed.

The same parser (httpx.URL) reads the URL here and in the HTTP client, so the host we check is
the host we connect to; the client then connects to the checked addresses, never resolving the
name a second time (which would let DNS rebinding swap in a private address).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass

import httpx

from claims.lookups import conf
from claims.lookups.errors import Blocked, Permanent, Transient

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

INSIDE = "The address points inside our own network, so it was not fetched."

# IANA special-purpose and non-unicast IPv4 space. Explicit, because the flags on
# ipaddress objects changed between Python patch releases.
_BLOCKED_V4: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "a 'this network' address"),
    ("10.0.0.0/8", "a private network address"),
    ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
    ("127.0.0.0/8", "this machine (loopback)"),
    ("169.254.0.0/16", "a link-local address, where cloud metadata services live"),
    ("172.16.0.0/12", "a private network address"),
    ("192.0.0.0/24", "an address reserved for protocol use"),
    ("192.0.2.0/24", "an address reserved for documentation"),
    ("192.88.99.0/24", "a retired 6to4 relay address"),
    ("192.168.0.0/16", "a private network address"),
    ("198.18.0.0/15", "an address reserved for network testing"),
    ("198.51.100.0/24", "an address reserved for documentation"),
    ("203.0.113.0/24", "an address reserved for documentation"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved or broadcast address"),
)
_BLOCKED_V6: tuple[tuple[str, str], ...] = (
    ("::1/128", "this machine (loopback)"),
    ("::/128", "the unspecified address"),
    ("::/96", "a retired IPv4-compatible address"),
    ("64:ff9b:1::/48", "a local-use NAT64 address"),
    ("100::/64", "a discard-only address"),
    ("2001::/23", "an address reserved for protocol use"),
    ("2001:db8::/32", "an address reserved for documentation"),
    ("3fff::/20", "an address reserved for documentation"),
    ("5f00::/16", "an address reserved for segment routing"),
    ("fc00::/7", "a private (unique local) network address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address"),
    ("ff00::/8", "a multicast address"),
)
_V4_NETWORKS = [(ipaddress.IPv4Network(net), why) for net, why in _BLOCKED_V4]
_V6_NETWORKS = [(ipaddress.IPv6Network(net), why) for net, why in _BLOCKED_V6]
_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_TEREDO = ipaddress.IPv6Network("2001::/32")

# Names that never lead to the public internet (RFC 6761, RFC 6762, RFC 8375, ICANN .internal).
_PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".arpa", ".lan")
_HOSTNAME = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


@dataclass(frozen=True)
class Target:
    """A vetted URL: the parsed URL, its host and port, and the addresses to connect to."""

    url: httpx.URL
    host: str
    port: int
    addresses: tuple[str, ...]
    ip_literal: bool


def blocked_reason(address: IPAddress) -> str | None:
    """Why an address is not on the public internet, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            why = blocked_reason(embedded)
            return f"an IPv6 form of {embedded}, {why}" if why else None
        for network, why in _V6_NETWORKS:
            if address in network:
                return why
        if address not in _GLOBAL_UNICAST_V6:
            return "an address outside the public IPv6 range"
        return None
    for network4, why in _V4_NETWORKS:
        if address in network4:
            return why
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _TEREDO and address.teredo is not None:
        server, client = address.teredo
        # Judge by whichever end is worse: a public server with a private client is still a
        # way to reach the private client.
        return client if blocked_reason(client) else server
    return None


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host names when it is an IP literal in any form resolvers accept, else None.

    Raises Blocked for hosts that look numeric but are not a valid address (`1.2.3.4.5`,
    `0x7g.1`): a browser would refuse them, and a resolver might read them differently.
    """
    bare = host.strip("[]").rstrip(".")
    if "%" in bare:
        raise Blocked(f"host {host!r} has a zone id or escapes", plain=_INVALID)
    if ":" in bare:
        try:
            return ipaddress.IPv6Address(bare)
        except ValueError as exc:
            raise Blocked(f"invalid IPv6 literal {host!r}", plain=_INVALID) from exc
    labels = bare.lower().split(".")
    if not _NUMERIC_LABEL.match(labels[-1]):
        return None
    try:
        # inet_aton reads the short, octal, hex and single-number forms the way the C
        # resolver does, which is how the connection would be made.
        packed = socket.inet_aton(bare)
    except OSError as exc:
        raise Blocked(f"invalid IPv4 literal {host!r}", plain=_INVALID) from exc
    if not all(_NUMERIC_LABEL.match(label) for label in labels):
        raise Blocked(f"invalid IPv4 literal {host!r}", plain=_INVALID)
    return ipaddress.IPv4Address(packed)


_INVALID = "This is not a valid web address, so it was not fetched."


def parse_url(url: str | httpx.URL) -> httpx.URL:
    """Parse and check the parts of a URL that need no DNS: scheme, credentials, host shape."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(str(url).strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise Blocked(f"unparseable URL: {exc}", plain=_INVALID) from exc
    if parsed.scheme not in ("http", "https"):
        raise Blocked(
            f"scheme {parsed.scheme!r} refused",
            plain="Only web addresses starting with http:// or https:// can be fetched.",
        )
    if parsed.userinfo:
        raise Blocked(
            "credentials in URL",
            plain="The address contains a user name or password, so it was not fetched.",
        )
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise Blocked("URL has no host", plain=_INVALID)
    if ":" not in host and not _HOSTNAME.match(host.rstrip(".")):
        raise Blocked(
            f"host {host!r} has characters not allowed in a site name",
            plain="The address has characters that are not allowed in a site name.",
        )
    return parsed


def _port(url: httpx.URL) -> int:
    if url.port is not None:
        if not 0 < url.port < 65536:
            raise Blocked(f"port {url.port} out of range", plain=_INVALID)
        return url.port
    return 443 if url.scheme == "https" else 80


def _exempt(host: str, port: int) -> bool:
    if conf.allow_private_addresses():
        return True
    key = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return key in conf.allowed_test_hosts()


def _check_name(host: str) -> None:
    name = host.rstrip(".")
    if name == "localhost" or name.endswith(_PRIVATE_SUFFIXES):
        raise Blocked(f"host {host!r} is a local name", plain=INSIDE)
    if "." not in name:
        raise Blocked(
            f"single-label host {host!r}",
            plain="The address has no domain (like example.org), so it can only point inside "
            "a local network; it was not fetched.",
        )


def _check_address(address: IPAddress, host: str) -> None:
    why = blocked_reason(address)
    if why:
        raise Blocked(f"{host} -> {address} is {why}", plain=INSIDE)


def check_url(url: str | httpx.URL, *, resolve: bool = False) -> None:
    """Raise Blocked unless the URL may be fetched. Pure by default: no DNS lookup, so forms can
    call it; with `resolve=True` the host's addresses are looked up and checked as well."""
    if resolve:
        vet(url)
        return
    parsed = parse_url(url)
    host = parsed.raw_host.decode("ascii").lower()
    port = _port(parsed)
    literal = parse_ip_literal(host)
    if _exempt(host, port):
        return
    if literal is not None:
        _check_address(literal, host)
    else:
        _check_name(host)


def vet(url: str | httpx.URL) -> Target:
    """Check a URL and resolve its host once; the caller connects only to `addresses`."""
    parsed = parse_url(url)
    host = parsed.raw_host.decode("ascii").lower()
    port = _port(parsed)
    exempt = _exempt(host, port)
    literal = parse_ip_literal(host)
    if literal is not None:
        if not exempt:
            _check_address(literal, host)
        return Target(parsed, host, port, (str(literal),), ip_literal=True)
    if not exempt:
        _check_name(host)
    addresses = resolve_host(host, port)
    if not exempt:
        for address in addresses:
            _check_address(ipaddress.ip_address(address), host)
    return Target(parsed, host, port, addresses, ip_literal=False)


def resolve_host(host: str, port: int) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        if exc.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None)):
            raise Transient(
                f"DNS lookup of {host} failed: {exc}",
                plain="The site's name could not be looked up just now; we will try again.",
            ) from exc
        raise Permanent(
            f"DNS lookup of {host} failed: {exc}",
            plain="No site with this name could be found.",
        ) from exc
    except (UnicodeError, OSError) as exc:
        raise Blocked(f"cannot resolve {host!r}: {exc}", plain=_INVALID) from exc
    # Scope ids (fe80::1%eth0) are stripped: the bare address is what gets judged.
    addresses = tuple(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
    if not addresses:
        raise Permanent(f"{host} has no addresses", plain="No site with this name could be found.")
    return addresses
