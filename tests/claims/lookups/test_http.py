"""The safe HTTP client against the fixture server: real sockets, no mocks."""

from __future__ import annotations

import codecs
import hashlib
import logging
import time
from typing import Any

import pytest

from claims.lookups import http
from claims.lookups.errors import Blocked, BodyTooLarge, Permanent, Transient
from claims.lookups.responses import FetchResult, decode_body, raise_for_status, redact_url
from tests.fixture_server import UNMATCHED_STATUS, FixtureServer


def test_sends_a_descriptive_user_agent(fixture_http: FixtureServer, settings: Any) -> None:
    settings.SITE_URL = "https://desk.example.org"
    fixture_http.add({"request": {"path": "/hello"}, "response": {"body": "hi"}})
    result = http.fetch(f"{fixture_http.url}/hello", accept="text/plain")
    assert result.status == 200 and result.text == "hi"
    sent = fixture_http.requests[0].headers
    assert sent["user-agent"] == "ClaimsDesk/1.0 (+https://desk.example.org; fact-checking desk)"
    assert sent["accept"] == "text/plain"


def test_result_describes_what_was_fetched(fixture_http: FixtureServer) -> None:
    fixture_http.add(
        {
            "request": {"path": "/data", "query": {"q": "rogun", "page": "2"}},
            "response": {"headers": {"Content-Type": "application/json"}, "json": {"ok": 1}},
        }
    )
    result = http.fetch(f"{fixture_http.url}/data?q=rogun", params={"page": 2})
    assert result.url == f"{fixture_http.url}/data?q=rogun&page=2"
    assert result.json() == {"ok": 1}
    assert result.content_type == "application/json"
    assert result.sha256 == hashlib.sha256(result.content).hexdigest()
    assert result.fetched_at.tzinfo is not None
    assert 0 < result.elapsed < 5
    assert result.redirects == ()


def test_follows_a_redirect_chain(fixture_http: FixtureServer) -> None:
    fixture_http.use("redirects", "chain")
    result = http.fetch(f"{fixture_http.url}/start")
    assert result.text == "arrived"
    assert result.url == f"{fixture_http.url}/final"
    assert result.redirects == (
        f"{fixture_http.url}/start",
        f"{fixture_http.url}/hop/1?from=start",
        f"{fixture_http.url}/hop/2",
    )


def test_see_other_turns_a_post_into_a_get(fixture_http: FixtureServer) -> None:
    fixture_http.use("redirects", "see_other")
    result = http.fetch(f"{fixture_http.url}/submit", method="POST", data={"url": "x"})
    assert result.json() == {"ok": True}
    assert [r.method for r in fixture_http.requests] == ["POST", "GET"]
    assert fixture_http.requests[1].body == b""


def test_gives_up_on_a_redirect_loop(fixture_http: FixtureServer) -> None:
    fixture_http.use("redirects", "loop")
    with pytest.raises(Permanent) as failure:
        http.fetch(f"{fixture_http.url}/loop", max_redirects=3)
    assert "too many redirects" in failure.value.plain
    assert len(fixture_http.requests) == 4


@pytest.mark.parametrize(("case", "hops"), [("to_metadata", 1), ("to_loopback", 2)])
def test_a_redirect_to_a_private_address_is_refused(
    fixture_http: FixtureServer, settings: Any, case: str, hops: int
) -> None:
    # Only the fixture server's own host:port is exempt; the redirect target is judged as in
    # production.
    fixture_http.apply_settings(settings, allow_private=False)
    fixture_http.use("redirects", case)
    with pytest.raises(Blocked) as refused:
        http.fetch(f"{fixture_http.url}/go")
    assert (
        refused.value.plain == "The address points inside our own network, so it was not fetched."
    )
    assert len(fixture_http.requests) == hops


def test_the_exemption_does_not_cover_other_names(
    fixture_http: FixtureServer, settings: Any
) -> None:
    fixture_http.apply_settings(settings, allow_private=False)
    with pytest.raises(Blocked):
        http.fetch(f"http://localhost:{fixture_http.port}/anything")
    assert fixture_http.requests == []


def test_credentials_are_not_sent_to_another_origin(fixture_http: FixtureServer) -> None:
    fixture_http.add(
        {
            "request": {"path": "/api"},
            "response": {"redirect": f"http://localhost:{fixture_http.port}/elsewhere"},
        }
    )
    fixture_http.add({"request": {"path": "/elsewhere"}, "response": {"body": "landed"}})
    result = http.fetch(f"{fixture_http.url}/api", headers={"Authorization": "LOW a:b"})
    assert result.text == "landed"
    first, second = fixture_http.requests
    assert first.headers["authorization"] == "LOW a:b"
    assert "authorization" not in second.headers
    assert second.headers["host"] == f"localhost:{fixture_http.port}"


def test_a_slow_drip_body_stops_at_the_deadline(fixture_http: FixtureServer) -> None:
    fixture_http.use("_common", "slow_body")  # 16 bytes every 0.25 s: ~5 s in all
    started = time.monotonic()
    with pytest.raises(Transient) as failure:
        http.fetch(f"{fixture_http.url}/v2/anything", timeout=1.0)
    assert time.monotonic() - started < 1.6
    assert "took longer than 1 s" in failure.value.plain


def test_slow_headers_stop_at_the_deadline(fixture_http: FixtureServer) -> None:
    fixture_http.use("_common", "slow_headers")
    started = time.monotonic()
    with pytest.raises(Transient):
        http.fetch(f"{fixture_http.url}/slow", timeout=0.8)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("case", ["oversized_declared", "oversized_chunked"])
def test_an_oversized_body_is_refused(fixture_http: FixtureServer, case: str) -> None:
    fixture_http.use("_common", case)
    with pytest.raises(BodyTooLarge) as failure:
        http.fetch(f"{fixture_http.url}/big")
    assert "larger than 5 MB" in failure.value.plain


def test_the_cap_can_be_lowered_per_call(fixture_http: FixtureServer) -> None:
    fixture_http.add({"request": {"path": "/k"}, "response": {"body": "x" * 2000}})
    with pytest.raises(BodyTooLarge):
        http.fetch(f"{fixture_http.url}/k", max_bytes=1000)


def test_a_dropped_connection_is_transient(fixture_http: FixtureServer) -> None:
    fixture_http.use("_common", "dropped_connection")
    with pytest.raises(Transient) as failure:
        http.fetch(f"{fixture_http.url}/cut")
    assert "broke off" in failure.value.plain


def test_nothing_listening_is_transient(settings: Any) -> None:
    settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = True
    server = FixtureServer()
    port = server.port
    server.stop()  # bound then closed: connections are refused
    with pytest.raises(Transient) as failure:
        http.fetch(f"http://127.0.0.1:{port}/", timeout=2)
    assert "could not be reached" in failure.value.plain


def test_unmatched_requests_fail_loudly(fixture_http: FixtureServer) -> None:
    result = http.fetch(f"{fixture_http.url}/nobody/recorded/this?x=1")
    assert result.status == UNMATCHED_STATUS
    assert "no recorded exchange matches GET /nobody/recorded/this?x=1" in result.text
    [unmatched] = fixture_http.take_unmatched()  # expected here, so teardown stays green
    assert unmatched.path == "/nobody/recorded/this"
    with pytest.raises(pytest.fail.Exception):
        fixture_http.unmatched.append(unmatched)
        fixture_http.check()
    fixture_http.take_unmatched()


def test_api_keys_stay_out_of_logs(
    fixture_http: FixtureServer, caplog: pytest.LogCaptureFixture
) -> None:
    fixture_http.add({"request": {"path": "/search"}, "response": {"body": "{}"}})
    with caplog.at_level(logging.INFO, logger="httpx"):
        http.fetch(f"{fixture_http.url}/search", params={"q": "x", "key": "SECRET-KEY-123"})
    assert "HTTP Request" in caplog.text
    assert "SECRET-KEY-123" not in caplog.text
    assert redact_url("https://a.example/s?q=1&key=abc") == "https://a.example/s?q=1&key=REDACTED"


@pytest.mark.parametrize(
    ("content", "content_type", "text"),
    [
        ("Добрый день".encode("cp1251"), "text/html; charset=windows-1251", "Добрый день"),
        (b'<meta charset="koi8-r"><p>' + "Привет".encode("koi8-r"), "text/html", "Привет"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
            + "東京".encode("shift_jis"),
            "text/html",
            "東京",
        ),
        ("café".encode("latin-1"), "text/plain; charset=ISO-8859-1", "café"),
        (codecs.BOM_UTF8 + "naïve".encode(), "text/plain; charset=latin-1", "naïve"),
        (b"broken \xff byte", "application/json", "broken \ufffd byte"),
        (b"x", "text/plain; charset=no-such-codec", "x"),
    ],
)
def test_text_is_decoded_by_header_then_meta_then_utf8(
    content: bytes, content_type: str, text: str
) -> None:
    assert text in decode_body(content, content_type)


def test_fetch_decodes_a_page_without_a_charset_header(fixture_http: FixtureServer) -> None:
    fixture_http.use("pagemeta", "cyrillic")
    result = http.fetch(f"{fixture_http.url}/ru/news/rogun")
    assert "Рогунская ГЭС запустила третий агрегат" in result.text


@pytest.mark.parametrize(
    ("status", "headers", "kind", "words"),
    [
        (429, {"Retry-After": "30"}, "RateLimited", "retrying after 30 s"),
        (503, {}, "Transient", "temporary problem (HTTP 503)"),
        (403, {}, "Permanent", "refused access"),
        (404, {}, "Permanent", "nothing at this address"),
        (400, {}, "Permanent", "rejected the request"),
        (304, {}, "UnexpectedResponse", "could not use"),
    ],
)
def test_statuses_map_to_typed_failures(
    status: int, headers: dict[str, str], kind: str, words: str
) -> None:
    result = FetchResult.from_text("https://api.example/x", status, "", headers=headers)
    with pytest.raises(Exception) as failure:
        raise_for_status(result, service="The World Bank")
    assert type(failure.value).__name__ == kind
    assert words in failure.value.plain  # type: ignore[attr-defined]
    assert failure.value.plain.startswith("The World Bank")  # type: ignore[attr-defined]
