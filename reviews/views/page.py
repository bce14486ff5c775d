from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews import services
from reviews.context_processors import unread_key
from reviews.views.common import PAGE, claim_context, page_claim


@require_GET
def claim_page(request: HttpRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    reader = request.user.pk
    if reader is not None and cache.get(unread_key(reader)) != 0:  # nothing to mark: no write
        services.notifications_mark_read(actor=request.user, claim_id=claim.pk)
    return render(request, PAGE, claim_context(request, claim))
