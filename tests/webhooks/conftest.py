from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from foundation import events
from webhooks.models import Endpoint


@pytest.fixture
def allow_loopback(settings: Any) -> None:
    """The receiver listens on 127.0.0.1, which the safe client refuses unless told."""
    settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = True


def endpoint_for(
    receiver: Any, editor: Any, path: str, kinds: tuple[str, ...] = events.KINDS
) -> Endpoint:
    endpoint = Endpoint.objects.create(
        url=receiver.url(path), events=list(kinds), created_by=editor
    )
    receiver.secrets[path] = endpoint.secret
    return endpoint


def emit(kind: str, key: str, **payload: Any) -> None:
    """What an emitting service does: tell the listeners inside its transaction."""
    with transaction.atomic():
        events.emit(kind, key=key, payload={"kind": kind, **payload})
