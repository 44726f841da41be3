from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("insights/", views.insights, name="insights"),
    path("insights/download/<slug:key>.csv", views.insights_csv, name="insights_csv"),
    path("insights/outcomes/", views.outcomes_to_verify, name="outcomes_to_verify"),
    path("insights/outcomes/<int:outcome_id>/", views.outcome_verify, name="outcome_verify"),
    path("insights/contracts/", views.contracts, name="contracts"),
    path("insights/contracts/new/", views.contract_new, name="contract_new"),
    path("insights/contracts/<int:contract_id>/", views.contract_detail, name="contract"),
    path("me/wellbeing/", views.me_wellbeing_new, name="me_wellbeing_new"),
    path("coach/people/<int:person_id>/wellbeing/new/", views.wellbeing_new, name="wellbeing_new"),
    path("coach/people/<int:person_id>/outcomes/new/", views.outcome_new, name="outcome_new"),
]
