from __future__ import annotations

from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/", views.endpoint_list, name="endpoints"),
    path("webhooks/new/", views.endpoint_edit, name="endpoint-new"),
    path("webhooks/<id:pk>/", views.endpoint_detail, name="endpoint"),
    path("webhooks/<id:pk>/edit/", views.endpoint_edit, name="endpoint-edit"),
    path(
        "webhooks/<id:pk>/pause/",
        views.endpoint_control,
        {"action": "pause"},
        name="endpoint-pause",
    ),
    path(
        "webhooks/<id:pk>/resume/",
        views.endpoint_control,
        {"action": "resume"},
        name="endpoint-resume",
    ),
    path(
        "webhooks/<id:pk>/ping/", views.endpoint_control, {"action": "ping"}, name="endpoint-ping"
    ),
    path(
        "webhooks/<id:pk>/secret/",
        views.endpoint_control,
        {"action": "secret"},
        name="endpoint-secret",
    ),
    path(
        "webhooks/<id:pk>/rotate/",
        views.endpoint_control,
        {"action": "rotate"},
        name="endpoint-rotate",
    ),
]
