from django.contrib import admin
from django.urls import include, path

from claims import views as claim_views

urlpatterns = [
    path("healthz", claim_views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
    path("", include("reviews.urls")),
]

handler400 = "claims.errors.bad_request"
handler403 = "claims.errors.forbidden"
handler404 = "claims.errors.not_found"
handler500 = "claims.errors.server_error"
