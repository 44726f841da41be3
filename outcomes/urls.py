from django.urls import path

from outcomes import contract_views, views

app_name = "outcomes"

urlpatterns = [
    path("insights/", views.insights, name="insights"),
    path("insights/download/<slug:key>.csv", views.insights_csv, name="insights_csv"),
    path("insights/outcomes/", views.outcomes_to_verify, name="outcomes_to_verify"),
    path("insights/outcomes/<int:outcome_id>/", views.outcome_verify, name="outcome_verify"),
    path("insights/contracts/", contract_views.contracts, name="contracts"),
    path("insights/contracts/new/", contract_views.contract_new, name="contract_new"),
    path("insights/contracts/<int:contract_id>/", contract_views.contract_detail, name="contract"),
    path(
        "insights/contracts/<int:contract_id>/starts/",
        contract_views.starts_count,
        name="starts_count",
    ),
    path(
        "insights/contracts/<int:contract_id>/claims/new/",
        contract_views.claim_new,
        name="claim_new",
    ),
    path(
        "insights/contracts/<int:contract_id>/extracts/new/",
        contract_views.extract_new,
        name="extract_new",
    ),
    path("insights/claims/<int:claim_id>/", contract_views.claim_detail, name="claim"),
    path(
        "insights/claims/<int:claim_id>/submit/", contract_views.claim_submit, name="claim_submit"
    ),
    path(
        "insights/claims/<int:claim_id>/discard/",
        contract_views.claim_discard,
        name="claim_discard",
    ),
    path(
        "insights/claims/<int:claim_id>/payments/new/",
        contract_views.payment_new,
        name="payment_new",
    ),
    path("commission/", contract_views.commissioner_home, name="commissioner_home"),
    path(
        "commission/contracts/<int:contract_id>/",
        contract_views.commissioner_contract,
        name="commissioner_contract",
    ),
    path(
        "coach/people/<int:person_id>/contracts/enrol/",
        contract_views.enrolment_new,
        name="enrolment_new",
    ),
    path(
        "coach/people/<int:person_id>/outcomes/<int:outcome_id>/ended/",
        contract_views.outcome_end,
        name="outcome_end",
    ),
    path("me/wellbeing/", views.me_wellbeing_new, name="me_wellbeing_new"),
    path("coach/people/<int:person_id>/wellbeing/new/", views.wellbeing_new, name="wellbeing_new"),
    path("coach/people/<int:person_id>/outcomes/new/", views.outcome_new, name="outcome_new"),
]
