"""Webhooks: endpoints editors register, and the deliveries owed to them.

An event (foundation.events) writes one `Delivery` per active endpoint listening to its kind, in
the emitter's transaction, unique on (endpoint, event key): an event is owed to an endpoint once,
however often its service is retried. The worker sends a delivery through the safe client
(claims.lookups.http: public addresses only), signed (webhooks.signing), with the event key as
`Webhook-Id` so a receiver drops a repeat (a worker killed after the receiver answered but
before the row said so sends it again). A failure is retried with backoff until
WEBHOOK_RETRY_FOR_SECONDS after the event; an endpoint that has had nothing but failures for
that long is paused and the editors are told.

The lease, backoff and sweeper follow the e-mail outbox (foundation/mail.py): a send takes its
row with one conditional UPDATE, so two workers never send it at once, and the sweeper finds
what a lost message or a killed worker left once the lease has run out.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from claims import permissions as claim_permissions
from claims.lookups import http
from claims.lookups.errors import Blocked, LookupFailure, format_seconds
from foundation import background, events, mail
from webhooks import permissions, signing
from webhooks.models import PING, Delivery, Endpoint

logger = logging.getLogger(__name__)

SEND_TASK = "webhooks.tasks.deliver"


def retry_for() -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_RETRY_FOR_SECONDS)


def lease() -> timedelta:
    # Never shorter than a send may take: a slow receiver is not a killed worker.
    return timedelta(seconds=settings.WEBHOOK_TIMEOUT + settings.WEBHOOK_LEASE_SECONDS)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: the base, doubled at each failure, capped."""
    base = settings.WEBHOOK_BACKOFF_SECONDS
    seconds = min(base * 2 ** min(attempts - 1, 20), settings.WEBHOOK_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=seconds)


# --- Endpoints --------------------------------------------------------------------------------


def endpoint_save(*, actor: Any, endpoint_id: int | None, fields: dict[str, Any]) -> Endpoint:
    """Add an endpoint (with a new secret) or change its address, description and events."""
    permissions.require_webhooks_editor(actor)
    with transaction.atomic():
        if endpoint_id is None:
            endpoint = Endpoint(created_by=actor)
        else:
            endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_id)
        endpoint.url = fields["url"]
        endpoint.description = fields.get("description", "")
        endpoint.events = list(fields["events"])
        endpoint.save()
    logger.info("webhook endpoint %s saved by %s", endpoint.pk, actor.pk)
    return endpoint


def endpoint_pause(*, actor: Any, endpoint_id: int) -> None:
    """Stop sending: deliveries already owed wait, new events are not recorded for it."""
    permissions.require_webhooks_editor(actor)
    reason = _("Paused by %(name)s.") % {"name": actor.get_username()}
    Endpoint.objects.filter(pk=endpoint_id, active=True).update(
        active=False, paused_at=timezone.now(), paused_reason=reason[:300]
    )


def endpoint_resume(*, actor: Any, endpoint_id: int) -> int:
    """Send again, starting with what is owed (each owed delivery gets a fresh window of
    retries: the pause was not the receiver's failure). Returns how many are sent now."""
    permissions.require_webhooks_editor(actor)
    now = timezone.now()
    with transaction.atomic():
        Endpoint.objects.filter(pk=endpoint_id).update(
            active=True, paused_at=None, paused_reason="", failing_since=None
        )
        owed = Delivery.objects.filter(endpoint_id=endpoint_id, delivered_at=None, failed=False)
        owed.update(next_attempt_at=now, retry_until=now + retry_for())
        ids = list(owed.values_list("pk", flat=True)[:500])
        for pk in ids:
            background.send(SEND_TASK, pk)
    return len(ids)


def endpoint_rotate_secret(*, actor: Any, endpoint_id: int) -> Endpoint:
    """A new secret from now on; deliveries retried later are signed with it."""
    permissions.require_webhooks_editor(actor)
    with transaction.atomic():
        endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_id)
        endpoint.secret = Endpoint._meta.get_field("secret").get_default()
        endpoint.save(update_fields=["secret"])
    logger.info("webhook endpoint %s: secret rotated by %s", endpoint.pk, actor.pk)
    return endpoint


def endpoint_ping(*, actor: Any, endpoint_id: int) -> Delivery:
    """A test delivery (type "ping"), sent like any other, paused endpoints included."""
    permissions.require_webhooks_editor(actor)
    endpoint = Endpoint.objects.get(pk=endpoint_id)
    key = f"ping:{endpoint.pk}:{uuid.uuid4().hex}"
    with transaction.atomic():
        delivery = _delivery_create(
            endpoint, kind=PING, key=key, payload={"endpoint": endpoint.pk}, force=True
        )
    return delivery


# --- Deliveries -------------------------------------------------------------------------------


def deliveries_record(event: events.Event) -> None:
    """The event handler: one delivery per active endpoint listening to this kind, in the
    emitter's transaction."""
    for endpoint in Endpoint.objects.listening_to(event.kind):
        _delivery_create(endpoint, kind=event.kind, key=event.key, payload=event.payload)


def _delivery_create(
    endpoint: Endpoint, *, kind: str, key: str, payload: dict[str, Any], force: bool = False
) -> Delivery:
    now = timezone.now()
    body = json.dumps(
        {"id": key, "type": kind, "created_at": now.isoformat(), "data": payload},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    delivery, created = Delivery.objects.get_or_create(
        endpoint=endpoint,
        event_key=key[:200],
        defaults={"kind": kind, "body": body, "created_at": now, "retry_until": now + retry_for()},
    )
    if created or force:
        background.send(SEND_TASK, delivery.pk)
    return delivery


def delivery_send(*, delivery_id: int) -> bool:
    """Send it if it is owed, its endpoint is active (or it is a ping) and nobody else is
    sending it; True when the receiver took it now."""
    unsent = Delivery.objects.filter(pk=delivery_id, delivered_at=None, failed=False).filter(
        Q(endpoint__active=True) | Q(kind=PING)
    )
    if not background.outbox_take(unsent, lease=lease()):
        return False
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    body = delivery.body.encode("utf-8")
    headers = signing.headers(
        event_key=delivery.event_key, secret=endpoint.secret, timestamp=int(time.time()), body=body
    )
    status: int | None = None
    try:
        answer = http.post(
            endpoint.url, content=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT
        )
    except LookupFailure as error:
        _failed(
            delivery, status=error.status, error=_plain(error), final=isinstance(error, Blocked)
        )
        return False
    status = answer.status
    if not 200 <= status < 300:
        _failed(
            delivery,
            status=status,
            error=_("The receiver answered %(status)s.") % {"status": status},
        )
        return False
    done = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        delivered_at=done,
        sending_since=None,
        attempts=delivery.attempts + 1,
        last_attempt_at=done,
        last_status=status,
        last_error="",
    )
    if delivery.kind != PING:
        Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=None, last_success_at=done)
    return True


def _plain(error: LookupFailure) -> str:
    if isinstance(error, http.TimedOut):
        return _("Timed out: no answer within %(time)s.") % {
            "time": format_seconds(settings.WEBHOOK_TIMEOUT)
        }
    return error.plain


def _failed(delivery: Delivery, *, status: int | None, error: str, final: bool = False) -> None:
    now = timezone.now()
    attempts = delivery.attempts + 1
    next_attempt = now + backoff(attempts)
    gave_up = final or next_attempt > delivery.retry_until
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        last_attempt_at=now,
        last_status=status,
        last_error=error[:300],
        next_attempt_at=next_attempt,
        sending_since=None,
        failed=gave_up,
    )
    logger.warning(
        "webhook delivery %s to endpoint %s failed (attempt %d): %s",
        delivery.pk,
        delivery.endpoint_id,
        attempts,
        error,
    )
    if delivery.kind != PING:
        endpoint_failure(endpoint_id=delivery.endpoint_id, now=now)


def endpoint_failure(*, endpoint_id: int, now: Any) -> bool:
    """Count a failure against the endpoint; True when it has failed for WEBHOOK_RETRY_FOR
    with no success in between, and is paused now (the editors are told, once)."""
    Endpoint.objects.filter(pk=endpoint_id, failing_since=None).update(failing_since=now)
    with transaction.atomic():
        paused = Endpoint.objects.filter(
            pk=endpoint_id, active=True, failing_since__lte=now - retry_for()
        ).update(
            active=False,
            paused_at=now,
            paused_reason=_(
                "Paused by the desk: every delivery failed for %(time)s. Check the receiver, "
                "then resume."
            )
            % {"time": format_seconds(settings.WEBHOOK_RETRY_FOR_SECONDS)},
        )
        if paused:
            _tell_editors(Endpoint.objects.get(pk=endpoint_id))
    return bool(paused)


def _tell_editors(endpoint: Endpoint) -> None:
    editors = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=claim_permissions.EDITOR_GROUP) | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
    )
    link = settings.SITE_URL.rstrip("/") + reverse("webhooks:endpoint", args=[endpoint.pk])
    paused_at = endpoint.paused_at.isoformat() if endpoint.paused_at else ""
    for editor in editors:
        with translation.override(settings.LANGUAGE_CODE):
            context = {"endpoint": endpoint, "link": link, "editor": editor}
            mail.mail_queue(
                to=editor.email,
                subject=_("Webhook paused: %(url)s") % {"url": endpoint.url[:200]},
                text=render_to_string("webhooks/email/paused.txt", context),
                html=render_to_string("webhooks/email/paused.html", context),
                key=f"webhook-paused:{endpoint.pk}:{paused_at}:{editor.pk}",
            )


def deliveries_owed(limit: int) -> list[background.Work]:
    """Deliveries due and not being sent (a retry that is due, a lost message, a killed
    worker) to active endpoints."""
    due = Delivery.objects.filter(delivered_at=None, failed=False, endpoint__active=True)
    return background.outbox_owed(due, task=SEND_TASK, lease=lease(), limit=limit)
