"""The project's URLconf plus one view that fails, to see the 500 page's headers."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as project_urls


@login_not_required
def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure on purpose, to render the 500 page")


urlpatterns = [path("security-tests/fail/", fail), *project_urls.urlpatterns]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
