"""Public pages and the read API: no login."""

from django.urls import path

from reviews.views import api, ask, public

app_name = "public"

urlpatterns = [
    path("fact-checks/", public.fact_check_index, name="index"),
    path("fact-checks/feed/", public.fact_check_feed, name="feed"),
    path("fact-checks/<id:pk>/", public.fact_check, {"slug": ""}, name="fact-check-short"),
    path("fact-checks/<id:pk>-<str:slug>/", public.fact_check, name="fact-check"),
    path("ask/", ask.ask, name="ask"),
    path("ask/<slug:key>/", ask.ask_status, name="ask-status"),
    path("ask/<slug:key>/unsubscribe/", ask.ask_unsubscribe, name="ask-unsubscribe"),
    path("api/v1/fact-checks/", api.fact_check_list, name="api-list"),
    path("api/v1/fact-checks/<id:pk>/", api.fact_check_detail, name="api-detail"),
    path("api/v1/matches", api.match_list, name="api-matches"),
    path("api/v1/openapi.json", api.openapi_document, name="openapi"),
]
