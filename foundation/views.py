"""GET /healthz: the database and the broker, as JSON; 503 when either is down."""

from __future__ import annotations

import math

from celery import current_app
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down", reported as such
        return f"error: {type(exc).__name__}"
    return "ok"


def _broker_state() -> str:
    try:
        with current_app.connection_for_write() as conn:
            # Establishing a Redis connection PINGs the server; the filesystem transport
            # checks its folders.
            conn.ensure_connection(max_retries=0, timeout=math.ceil(settings.BROKER_SOCKET_TIMEOUT))
    except Exception as exc:  # noqa: BLE001
        return f"error: {type(exc).__name__}"
    return "ok"
