from django.urls import path

from claims import views
from claims.views import matches

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
]
