"""The database failing a request: the desk under gunicorn, run as in production (DEBUG off),
answers with a clear 503 page (no traceback, no empty answer), the change is not half-saved,
and the next request on the same web process works. One thread serves every request, so the
next request uses the same connection slot as the one that broke."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction

from claims import services as claim_services
from claims.models import Claim
from tests import processes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
UNAVAILABLE_TEXT = "could not reach its database"


def production_env(**extra: str) -> dict[str, str]:
    """DEBUG off, as in production, so errors get the desk's own pages; plain HTTP on loopback.
    The secret is the test process's, so sessions it writes are valid in the server."""
    return {
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        **extra,
    }


def editable_claim(reviewer: Any) -> Claim:
    return claim_services.claim_create(
        actor=reviewer,
        fields=claim_services.ClaimFields(text="Cities emit 70 percent of CO2.", language="en"),
    )


def edit(
    client: processes.WebClient, claim: Claim, text: str, version: int
) -> tuple[int, Any, str]:
    return client.post(
        f"/claims/{claim.pk}/edit/",
        {"text": text, "language": "en", "claim_type": "quantity", "version": version},
    )


def assert_unavailable_page(status: int, headers: Any, body: str) -> None:
    assert status == 503, body[:1000]
    assert headers.get("Retry-After")
    assert UNAVAILABLE_TEXT in body and "Nothing saved before was lost" in body
    assert "Traceback" not in body and "OperationalError" not in body


def backend_pids(application_name: str, *, state: str, waiting_on_lock: bool = False) -> list[int]:
    sql = (
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        " AND application_name = %s AND state = %s"
    )
    if waiting_on_lock:
        sql += " AND wait_event_type = 'Lock'"
    with connection.cursor() as cursor:
        # Activity is read once per transaction; this may run inside one, polling.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(sql, [application_name, state])
        return [row[0] for row in cursor.fetchall()]


def terminate(pids: list[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.postgres
def test_a_connection_dropped_mid_request_gives_a_clear_page_and_the_next_request_works(
    reviewer,
):
    if connection.vendor != "postgresql":
        pytest.skip("terminates a PostgreSQL backend; the SQLite run checks a locked database")
    claim = editable_claim(reviewer)
    name = f"desk-faults-{processes.free_port()}"
    env = production_env(DATABASE_URL=f"{processes.test_database_url()}?application_name={name}")
    with processes.web_server(threads=1, **env) as base:
        client = processes.WebClient(base)
        client.force_login(reviewer)
        answer: list[tuple[int, Any, str]] = []
        with transaction.atomic():
            # Hold the claim's row lock, so the server's save waits inside its transaction...
            Claim.objects.select_for_update().get(pk=claim.pk)
            request = threading.Thread(
                target=lambda: answer.append(edit(client, claim, "First wording.", claim.version))
            )
            request.start()
            waiting = processes.wait_until(
                lambda: backend_pids(name, state="active", waiting_on_lock=True),
                timeout=20,
                what="the server's save to wait for the row lock",
            )
            terminate(waiting)  # ...and drop its connection there.
            request.join(timeout=30)
        assert answer, "the request never got an answer"
        assert_unavailable_page(*answer[0])
        claim.refresh_from_db()
        assert (claim.text, claim.version) == ("Cities emit 70 percent of CO2.", 1)

        status, _headers, body = edit(client, claim, "First wording.", claim.version)
        assert status == 302, body[:1000]
        claim.refresh_from_db()
        assert (claim.text, claim.version) == ("First wording.", 2)

        # Dropped between requests (a database restart, a proxy's idle timeout): the connection
        # kept for reuse is checked before use and replaced, unseen.
        idle = backend_pids(name, state="idle")
        assert idle, "the server keeps its connection between requests"
        terminate(idle)
        processes.wait_until(lambda: not backend_pids(name, state="idle"), timeout=10)
        status, _headers, body = edit(client, claim, "Second wording.", claim.version)
        assert status == 302, body[:1000]
    claim.refresh_from_db()
    assert (claim.text, claim.version) == ("Second wording.", 3)


def test_a_database_locked_past_its_timeout_gives_the_same_clear_page(reviewer):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's whole-database write lock; PostgreSQL waits on the row instead")
    claim = editable_claim(reviewer)
    with processes.web_server(threads=1, **production_env(SQLITE_TIMEOUT="1")) as base:
        client = processes.WebClient(base)
        client.force_login(reviewer)
        # The desk's SQLite transactions BEGIN IMMEDIATE: this one holds the database's write
        # lock to its end, past the server's SQLITE_TIMEOUT.
        with transaction.atomic():
            Claim.objects.filter(pk=claim.pk).update(appeared_outlet="Summit")
            locked_out = edit(client, claim, "First wording.", claim.version)
        assert_unavailable_page(*locked_out)
        claim.refresh_from_db()
        assert claim.text == "Cities emit 70 percent of CO2."

        status, _headers, body = edit(client, claim, "First wording.", claim.version)
        assert status == 302, body[:1000]
    claim.refresh_from_db()
    assert (claim.text, claim.version) == ("First wording.", 2)
