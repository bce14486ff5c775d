"""The desk's URLs plus a bare view: the baseline every benchmark ratio is measured against."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as desk_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bare__/", bare, name="bare"), *desk_urlpatterns]
