from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews.views.common import PAGE, claim_context, page_claim


@require_GET
def claim_page(request: HttpRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    return render(request, PAGE, claim_context(request, claim))
