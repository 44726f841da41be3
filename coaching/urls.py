from django.urls import path

from coaching.views import coach, inbox, me, privacy, public, with_person

app_name = "coaching"

urlpatterns = [
    path("coach/", coach.home, name="coach_home"),
    path("coach/away/", coach.away, name="coach_away"),
    path("coach/covering/", coach.covering, name="covering"),
    path("coach/requests/<int:coach_request_id>/", inbox.detail, name="coach_request"),
    path("coach/requests/<int:coach_request_id>/take/", inbox.take, name="coach_request_take"),
    path("coach/requests/<int:coach_request_id>/pass/", inbox.pass_on, name="coach_request_pass"),
    path("coach/different-coach/<int:change_id>/", inbox.different_coach, name="coach_change"),
    path("coach/people/new/", coach.person_new, name="person_new"),
    path("coach/people/<int:person_id>/", coach.person_detail, name="person"),
    path("coach/people/<int:person_id>/contacts/new/", coach.contact_new, name="contact_new"),
    path(
        "coach/people/<int:person_id>/decision/<slug:decision>/",
        coach.record_decision,
        name="record_decision",
    ),
    path("coach/people/<int:person_id>/hand-over/", coach.hand_over, name="hand_over"),
    path("coach/people/<int:person_id>/invitation/", coach.invitation_new, name="invitation_new"),
    path(
        "coach/people/<int:person_id>/password-code/",
        coach.password_code_new,
        name="password_code_new",
    ),
    path("coach/contacts/<int:contact_id>/edit/", coach.contact_edit, name="contact_edit"),
    path("ask/", public.ask, name="ask"),
    path("ask/thanks/", public.ask_thanks, name="ask_thanks"),
    path("coach/people/<int:person_id>/sharing/", with_person.sharing, name="sharing"),
    path(
        "coach/people/<int:person_id>/name-and-area/",
        with_person.name_and_area,
        name="name_and_area",
    ),
    path(
        "coach/people/<int:person_id>/sharing/notes/",
        with_person.notes_delete,
        name="notes_delete",
    ),
    path(
        "coach/people/<int:person_id>/own-words/<slug:kind>/new/",
        with_person.own_words_new,
        name="own_words_new",
    ),
    path("coach/people/<int:person_id>/data/", with_person.data, name="data"),
    path("insights/deletion-requests/", with_person.deletion_requests, name="deletion_requests"),
    path("insights/new-coach/", with_person.new_coach_needed, name="new_coach_needed"),
    path("insights/new-coach/<int:person_id>/", with_person.new_coach, name="new_coach"),
    path(
        "insights/deletion-requests/<int:deletion_id>/",
        with_person.deletion_request,
        name="deletion_request",
    ),
    path("me/", me.home, name="me"),
    path("me/coaching/<slug:decision>/", me.decide, name="me_decide"),
    path("me/different-coach/", me.different_coach, name="me_different_coach"),
    path("me/sharing/", privacy.sharing, name="me_sharing"),
    path("me/sharing/notes/", privacy.notes_delete, name="me_notes_delete"),
    path("me/details/", privacy.details, name="me_details"),
    path("me/name-and-area/", privacy.name_and_area, name="me_name_and_area"),
    path("me/who-has-looked/", privacy.who_has_looked, name="me_who_has_looked"),
    path("me/goals/", privacy.own_words, name="me_own_words"),
    path("me/goals/<slug:kind>/new/", privacy.own_words_new, name="me_own_words_new"),
    path("me/goals/<slug:kind>/<int:entry_id>/", privacy.own_words_edit, name="me_own_words_edit"),
    path("me/data/", privacy.data, name="me_data"),
    path("me/data.json", privacy.data_json, name="me_data_json"),
    path("me/delete/", privacy.delete_request, name="me_delete"),
]
