from __future__ import annotations

import json

import pytest

from tests import processes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_healthy_desk_reports_ok(anon_client):
    response = anon_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_broker_down_is_503_and_named():
    # A server on this test database, pointed at a broker port where nothing listens.
    dead = f"redis://127.0.0.1:{processes.free_port()}/0"
    with processes.web_server(CELERY_BROKER_URL=dead, BROKER_SOCKET_TIMEOUT="1") as base:
        status, body = processes.http_get(base + "/healthz")
    report = json.loads(body)
    assert status == 503
    assert report["database"] == "ok"
    assert report["broker"].startswith("error")


def test_database_down_is_503_and_named():
    dead = f"postgres://nobody@127.0.0.1:{processes.free_port()}/desk"
    with processes.web_server(DATABASE_URL=dead) as base:
        status, body = processes.http_get(base + "/healthz")
    report = json.loads(body)
    assert status == 503
    assert report["database"].startswith("error")
