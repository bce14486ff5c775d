"""The request-forgery guard: every hostile URL is refused before any connection is made."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest

from claims.lookups import http, safety
from claims.lookups.errors import Blocked, Permanent
from tests.fixture_server import FixtureServer

HOSTILE = [
    # loopback, in every spelling
    "http://127.0.0.1/",
    "http://127.1/",
    "http://127.0.0.1:8000/admin/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://[::1]/",
    "http://[::1]:6379/",
    "http://0.0.0.0/",
    "http://0/",
    "http://[::]/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://017700000001/",
    "http://0x7f.1/",
    "http://0x7f.0.0.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]/",
    "http://[::127.0.0.1]/",
    # cloud metadata and link-local
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/",
    "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/",
    "http://100.100.100.200/latest/meta-data/",
    "http://192.0.0.192/",
    "http://metadata.google.internal/computeMetadata/v1/",
    # private networks
    "http://10.0.0.1/",
    "http://10.255.255.254:8080/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fec0::1]/",
    "http://[64:ff9b::a00:1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[64:ff9b:1::a00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[2002:a00:1::1]/",
    "http://router.home.arpa/",
    "http://printer.local/",
    "http://intranet/",
    # multicast, reserved, broadcast, documentation
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://198.18.0.1/",
    "http://[2001:db8::1]/",
    # not a web address we fetch
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_GET",
    "ftp://example.com/file.txt",
    "dict://127.0.0.1:11211/stats",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//example.com/",
    "http:///etc/passwd",
    "",
    # credentials and parser tricks
    "http://example.com@127.0.0.1/",
    "http://user:pass@example.com/",
    "http://127.0.0.1\\@example.com/",
    "http://ex%61mple.com/",
    "http://１２７.０.０.１/",
    "http://1.2.3.4.5/",
    "http://example.com:99999/",
]

PUBLIC = [
    "https://example.org/news?id=1",
    "http://93.184.216.34/",
    "https://[2606:4700:4700::1111]/",
    "http://[::ffff:93.184.216.34]/",
    "http://[64:ff9b::5db8:d822]/",
    "https://xn--e1afmkfd.xn--p1ai/",
    "https://пример.рф/страница",
    "http://1password.com/",
    "https://www.asiaplustj.info:8443/en/news",
]


@pytest.mark.usefixtures("private_blocked")
@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused_by_check_url(url: str) -> None:
    with pytest.raises(Blocked) as refused:
        safety.check_url(url, resolve=True)
    plain = refused.value.plain
    assert plain[0].isupper() and plain.endswith("."), plain  # a sentence, not a traceback


@pytest.mark.usefixtures("private_blocked")
@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused_by_fetch(url: str) -> None:
    with pytest.raises(Blocked):
        http.fetch(url, timeout=2)


def test_the_table_is_large_enough() -> None:
    assert len(HOSTILE) >= 25


@pytest.mark.usefixtures("private_blocked")
@pytest.mark.parametrize("url", PUBLIC)
def test_public_addresses_pass_the_pure_check(url: str) -> None:
    safety.check_url(url)


@pytest.mark.parametrize(
    ("address", "blocked"),
    [
        ("93.184.216.34", False),
        ("8.8.8.8", False),
        ("100.63.255.255", False),
        ("100.64.0.0", True),
        ("172.15.255.255", False),
        ("172.32.0.0", False),
        ("172.20.1.1", True),
        ("2606:4700::1111", False),
        ("::ffff:8.8.8.8", False),
        ("::ffff:10.1.2.3", True),
        ("64:ff9b::808:808", False),  # NAT64 of a public address is public
        ("64:ff9b::c0a8:101", True),  # ... and of 192.168.1.1 is not
        ("2002:808:808::1", False),
        ("2002:c0a8:101::1", True),
        ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", False),  # Teredo client 8.8.8.8
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", True),  # Teredo client 10.0.0.1
        ("3fff::1", True),
        ("4000::1", True),  # outside the global unicast range
    ],
)
def test_blocked_reason_judges_embedded_ipv4(address: str, blocked: bool) -> None:
    reason = safety.blocked_reason(ipaddress.ip_address(address))
    assert bool(reason) is blocked, reason


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.01", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("0", "0.0.0.0"),  # noqa: S104 - a string under test, not a bind
        ("example.com", None),
        ("1password.com", None),
    ],
)
def test_odd_ipv4_spellings_are_read_like_a_resolver(host: str, expected: str | None) -> None:
    parsed = safety.parse_ip_literal(host)
    assert (str(parsed) if parsed else None) == expected


def test_private_addresses_allowed_only_by_the_explicit_setting(settings: Any) -> None:
    settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = True
    safety.check_url("http://127.0.0.1:8000/", resolve=True)
    safety.check_url("http://localhost/", resolve=True)
    with pytest.raises(Blocked):
        safety.check_url("file:///etc/passwd")  # schemes and credentials stay refused
    with pytest.raises(Blocked):
        safety.check_url("http://user@127.0.0.1/")


def test_test_host_exemption_is_for_that_host_and_port_only(settings: Any) -> None:
    settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = False
    settings.LOOKUPS_ALLOWED_TEST_HOSTS = ["127.0.0.1:8765"]
    safety.check_url("http://127.0.0.1:8765/anything", resolve=True)
    for other in ("http://127.0.0.1:8766/", "http://127.0.0.1/", "http://localhost:8765/"):
        with pytest.raises(Blocked):
            safety.check_url(other, resolve=True)


def test_connects_to_the_checked_address_without_a_second_lookup(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that resolves to an allowed address first and a private one
    second must still be fetched from the first, with the name in the Host header."""
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["127.0.0.1", "169.254.169.254"])
    lookups: list[str] = []

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "news.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = next(answers)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    with FixtureServer() as server:
        server.add({"request": {"path": "/story"}, "response": {"body": "the story"}})
        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = False
        settings.LOOKUPS_ALLOWED_TEST_HOSTS = [f"news.example:{server.port}"]
        result = http.fetch(f"http://news.example:{server.port}/story", timeout=3)
    assert result.text == "the story"
    assert result.url == f"http://news.example:{server.port}/story"
    assert lookups == ["news.example"]
    assert server.requests[0].headers["host"] == f"news.example:{server.port}"


def _certificates(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for `name`, made with the openssl tool."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    ca_key, ca, key, csr, cert = (
        folder / n for n in ("ca.key", "ca.pem", "k.pem", "r.csr", "c.pem")
    )
    ext = folder / "ext.cnf"
    ext.write_text(f"subjectAltName=DNS:{name}\nextendedKeyUsage=serverAuth\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for command in (
        ["req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "2", "-subj", "/CN=Test CA"],
        ["req", *ec, "-keyout", key, "-out", csr, "-subj", f"/CN={name}"],
        ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-out", cert, "-extfile", ext],
    ):
        subprocess.run(["openssl", *map(str, command)], check=True, capture_output=True)
    return ca, cert, key


@pytest.mark.parametrize(("certified", "works"), [("news.example", True), ("other.example", False)])
def test_tls_is_verified_against_the_name_not_the_pinned_address(
    settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, certified: str, works: bool
) -> None:
    ca, cert, key = _certificates(tmp_path, certified)
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    real_getaddrinfo = socket.getaddrinfo

    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))  # trust the throwaway CA, through httpx itself
    http._ssl_context.cache_clear()
    try:
        with FixtureServer(tls=server_side) as server:
            server.add({"request": {"path": "/story"}, "response": {"body": "over TLS"}})
            settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = False
            settings.LOOKUPS_ALLOWED_TEST_HOSTS = [f"news.example:{server.port}"]
            url = f"https://news.example:{server.port}/story"
            if works:
                assert http.fetch(url, timeout=5).text == "over TLS"
            else:
                with pytest.raises(Permanent) as failure:
                    http.fetch(url, timeout=5)
                assert "security certificate is not valid" in failure.value.plain
    finally:
        http._ssl_context.cache_clear()
