from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="list"),
    path("claims/new/", views.claim_create, name="create"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="edit"),
    path("claims/<int:pk>/analysis/", views.claim_analysis, name="analysis"),
    path("claimants/options/", views.claimant_options, name="claimant-options"),
]
