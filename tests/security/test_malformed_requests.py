"""Requests that Django itself chokes on get a clear 400, in production mode and with DEBUG on
(where Django's own error page used to fail on them and answer 500)."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests import processes

pytestmark = pytest.mark.django_db

MANY = "&".join(f"p{i}=1" for i in range(3000))


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request: pytest.FixtureRequest, settings: Any) -> bool:
    settings.DEBUG = request.param
    return bool(request.param)


def _client(user: Any = None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_three_thousand_query_parameters_are_a_400(debug: bool, reviewer: Any) -> None:
    for path in ("/accounts/login/", reverse("claims:list"), reverse("public:index")):
        response = _client(reviewer).get(f"{path}?{MANY}")
        assert response.status_code == 400, (path, response.status_code)
        assert "more than 2,500 query parameters" in response.content.decode()
    api = _client().get(f"{reverse('public:api-list')}?{MANY}")
    assert api.status_code == 400
    assert "query parameters" in json.loads(api.content)["detail"]


def test_three_thousand_form_fields_are_a_400(debug: bool, reviewer: Any) -> None:
    data = {f"f{i}": "1" for i in range(3000)}
    response = _client(reviewer).post(reverse("claims:create"), data)
    assert response.status_code == 400


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", "١٢"])
def test_a_content_length_that_is_not_a_number_is_a_400(
    debug: bool, reviewer: Any, length: str
) -> None:
    client = _client(reviewer)
    client.get(reverse("claims:create"))  # a CSRF cookie, so the token check reads the body
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("claims:create"),
        {"csrfmiddlewaretoken": token, "text": "The bridge cost 20 million dollars"},
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert "Content-Length" in response.content.decode()


def test_a_deeply_nested_json_line_is_refused_with_its_line_number(tmp_path: Path) -> None:
    depth = sys.getrecursionlimit() * 2
    path = tmp_path / "claims.jsonl"
    path.write_text("\n" + "[" * depth + "]" * depth + "\n")
    with pytest.raises(CommandError) as failed:
        call_command("import_claims", str(path))
    assert "Line 2: nested too deeply" in str(failed.value)
    assert "Nothing was imported" in str(failed.value)


def _raw_get(port: int, path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        sock.sendall(request.encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.embedded
def test_the_development_server_never_serves_files_outside_static(tmp_path: Path) -> None:
    """`make run` serves with the development server and DEBUG on: a path climbing out of the
    static folder is a 404 (Django's static handler used to answer it with a 500)."""
    port = processes.free_port()
    env = processes.child_env(DEBUG="true", VAR_DIR=str(tmp_path))
    server = processes.Proc(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env,
        "runserver",
    )
    try:
        processes.wait_until(
            lambda: processes.status_of(f"http://127.0.0.1:{port}/healthz") is not None,
            timeout=30,
            what="the development server",
        )
        for path in (
            "/static/../config/settings.py",
            "/static/..%2fconfig/settings.py",
            "/static/%2e%2e/config/settings.py",
            "/static/../../etc/passwd",
        ):
            answer = _raw_get(port, path)
            status = answer.split(b" ", 2)[1]
            assert status in {b"400", b"404"}, (path, answer[:200])
            assert b"SECRET_KEY" not in answer and b"root:" not in answer
        assert _raw_get(port, "/static/css/desk.css").split(b" ", 2)[1] == b"200"
        log = server.output()
    finally:
        server.stop()
    assert "Traceback" not in log, log[-3000:]
