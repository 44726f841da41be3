from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("me/budgets/", views.me_list, name="me_list"),
    path("me/budgets/new/", views.me_new, name="me_new"),
    path("me/budgets/<int:budget_request_id>/", views.me_request, name="me_request"),
    path("me/budgets/<int:budget_request_id>/withdraw/", views.me_withdraw, name="me_withdraw"),
    path("coach/budgets/", views.coach_list, name="coach_list"),
    path("coach/people/<int:person_id>/budgets/new/", views.coach_new, name="coach_new"),
    path("coach/budgets/<int:budget_request_id>/", views.coach_request, name="coach_request"),
    path(
        "coach/budgets/<int:budget_request_id>/<slug:step>/",
        views.coach_request,
        name="coach_request",
    ),
    path("insights/budgets/", views.manager_home, name="manager_home"),
    path("insights/budgets/figures/", views.manager_figures, name="manager_figures"),
    path(
        "insights/budgets/figures/<slug:key>.csv",
        views.manager_figures_csv,
        name="manager_figures_csv",
    ),
    path("insights/budgets/funds/new/", views.fund_edit, name="fund_new"),
    path("insights/budgets/funds/<int:fund_id>/", views.fund_edit, name="fund_edit"),
    path(
        "insights/budgets/requests/<int:budget_request_id>/",
        views.manager_request,
        name="manager_request",
    ),
    path(
        "insights/budgets/requests/<int:budget_request_id>/<slug:step>/",
        views.manager_request,
        name="manager_request",
    ),
]
