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
    *api.urlpatterns(),
]
