from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from foundation import views as foundation_views

urlpatterns = [
    path("healthz", foundation_views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language switcher: a POST that sets the language cookie, on public pages too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
    path("", include("reviews.urls")),
    path("", include("reviews.public_urls")),
    path("", include("webhooks.urls")),
    path("", include("api.urls")),
]

handler400 = "foundation.errors.bad_request"
handler403 = "foundation.errors.forbidden"
handler404 = "foundation.errors.not_found"
handler500 = "foundation.errors.server_error"
