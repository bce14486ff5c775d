"""The socket guard itself (tests/netguard.py): what it refuses, and what it lets through."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from claims.lookups import http
from tests import netguard
from tests.fixture_server import FixtureServer

# Code that says it lives in the desk: the guard tells desk code from test code by file name.
_PROBE = compile(
    "import htmldate, socket\n"
    "def find_date(text):\n"
    "    return htmldate.find_date(text)\n"
    "def connect(port):\n"
    "    socket.create_connection(('127.0.0.1', port), timeout=2).close()\n",
    str(netguard.ROOT / "claims" / "netguard_probe.py"),
    "exec",
)
desk: dict[str, Any] = {}
exec(_PROBE, desk)  # noqa: S102 - our own constant source, compiled above


@pytest.fixture
def listener() -> Iterator[netguard.Listener]:
    witness = netguard.Listener()
    yield witness
    witness.drain()


def test_the_htmldate_bypass_is_refused_and_reported(listener: netguard.Listener) -> None:
    # What page reading did before it gave htmldate trees: the page body was a URL.
    with pytest.raises(ValueError, match="URL couldn't be processed"):  # htmldate's words
        desk["find_date"](listener.url("latest/meta-data/"))
    found = netguard.GUARD.take()
    assert found, "the guard let a desk connection past the safe client"
    assert f"connection to 127.0.0.1:{listener.port} outside the safe client" in found[0]
    assert "htmldate/utils.py" in found[0] and "netguard_probe.py" in found[0]  # the stack
    assert listener.drain() == []  # refused before anything was sent


def test_a_connection_while_the_safe_client_connects_elsewhere_is_refused(
    listener: netguard.Listener,
) -> None:
    token = http.connecting_to.set(("127.0.0.1", listener.port + 1))
    try:
        with pytest.raises(netguard.UnguardedConnection):
            desk["connect"](listener.port)
    finally:
        http.connecting_to.reset(token)
    assert len(netguard.GUARD.take()) == 1


def test_the_safe_client_and_the_tests_own_connections_pass(
    fixture_http: FixtureServer, settings: Any, listener: netguard.Listener
) -> None:
    fixture_http.apply_settings(settings, allow_private=False)
    fixture_http.add({"request": {"path": "/page"}, "response": {"body": "hello"}})
    assert http.fetch(f"{fixture_http.url}/page").status == 200
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
    assert netguard.GUARD.take() == []
    assert len(listener.drain()) == 1


def test_desk_code_may_reach_the_services_the_settings_name(
    settings: Any, listener: netguard.Listener
) -> None:
    settings.CELERY_BROKER_URL = f"redis://localhost:{listener.port}/0"
    desk["connect"](listener.port)
    assert netguard.GUARD.take() == []
    assert len(listener.drain()) == 1
