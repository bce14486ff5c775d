"""The desk's URLs plus a bare view: the baseline every benchmark ratio is measured against."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from config.urls import urlpatterns as desk_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def match(request: HttpRequest) -> JsonResponse:
    """Claim matching as a web request would call it (benchmarks/matching.py): the lead's
    doors add their forms and templates on top."""
    from claims.matching import match as find

    found = find(request.GET.get("q", ""), limit=5)
    return JsonResponse(
        {
            "suggestions": [
                {
                    "claim": s.claim_id,
                    "score": s.score,
                    "differences": [str(d) for d in s.differences],
                }
                for s in found
            ]
        }
    )


urlpatterns = [
    path("__bare__/", bare, name="bare"),
    path("__match__/", match, name="match"),
    *desk_urlpatterns,
]
