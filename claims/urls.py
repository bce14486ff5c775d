from django.urls import path

from claims import views
from claims.views import matches, monitoring, readers

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="list"),
    path("help/", views.desk_help, name="help"),
    path("claims/new/", views.claim_create, name="create"),
    path("claims/<id:pk>/edit/", views.claim_edit, name="edit"),
    path("claimants/options/", views.claimant_options, name="claimant-options"),
    path("claims/from-article/", views.article_new, name="article-new"),
    path("claims/import/", views.claims_import, name="import"),
    path("articles/<id:pk>/", views.article_detail, name="article"),
    path("articles/<id:pk>/candidates/", views.article_candidates, name="article-candidates"),
    # matching decisions
    path("matches/same/", views.match_same, name="match-same"),
    path("matches/not-same/", views.match_not_same, name="match-not-same"),
    # matching doors
    path("claims/suggestions/", matches.claim_suggestions, name="suggestions"),
    # followed sources
    path("sources/", monitoring.source_list, name="sources"),
    path("sources/new/", monitoring.source_edit, name="source-new"),
    path("sources/<id:pk>/", monitoring.source_detail, name="source"),
    path("sources/<id:pk>/edit/", monitoring.source_edit, name="source-edit"),
    path(
        "sources/<id:pk>/pause/",
        monitoring.source_control,
        {"action": "pause"},
        name="source-pause",
    ),
    path(
        "sources/<id:pk>/resume/",
        monitoring.source_control,
        {"action": "resume"},
        name="source-resume",
    ),
    path(
        "sources/<id:pk>/poll/", monitoring.source_control, {"action": "poll"}, name="source-poll"
    ),
    path("seen-again/", monitoring.seen_again_list, name="seen-again"),
    path(
        "seen-again/<id:pk>/confirm/",
        monitoring.seen_again_decide,
        {"decision": "confirm"},
        name="seen-again-confirm",
    ),
    path(
        "seen-again/<id:pk>/dismiss/",
        monitoring.seen_again_decide,
        {"decision": "dismiss"},
        name="seen-again-dismiss",
    ),
    path("readers/", readers.readers_queue, name="readers"),
    path("morning/", monitoring.morning_list, name="morning"),
    path("morning/email/", monitoring.morning_email, name="morning-email"),
    path("morning/<id:pk>/take/", monitoring.proposal_take, name="proposal-take"),
]
