"""Goals and strengths in the person's own words; nothing is overwritten."""

from django.urls import reverse

from coaching import services
from coaching.models import Activity, Goal, Strength


def test_person_adds_a_goal_and_a_strength(person_client, person):
    person_client.post(reverse("coaching:me_own_words_new", args=["goal"]), {"text": "A flat"})
    person_client.post(reverse("coaching:me_own_words_new", args=["strength"]), {"text": "Cooking"})
    page = person_client.get(reverse("coaching:me_own_words")).content.decode()
    assert "A flat" in page and "Cooking" in page
    assert Goal.objects.get().added_by == person.user
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert kinds == {"goal_changed", "strength_changed"}


def test_changing_a_goal_keeps_the_old_words_as_history(person_client, person):
    goal = services.own_words_add(model=Goal, person=person, text="A flat", by=person.user)
    url = reverse("coaching:me_own_words_edit", args=["goal", goal.pk])
    person_client.post(url, {"text": "A flat near my sister"})
    old, new = Goal.objects.order_by("pk")
    assert (old.text, old.status, old.replaced_by) == ("A flat", "changed", new)
    assert (new.text, new.status) == ("A flat near my sister", "current")
    page = person_client.get(reverse("coaching:me_own_words")).content.decode()
    assert 'changed to "A flat near my sister"' in page
    # The old wording can no longer be edited.
    assert person_client.post(url, {"text": "x"}).status_code == 404


def test_marking_a_goal_done_keeps_it(person_client, person):
    goal = services.own_words_add(model=Goal, person=person, text="Driving test", by=person.user)
    url = reverse("coaching:me_own_words_edit", args=["goal", goal.pk])
    person_client.post(url, {"finish": "done"})
    goal.refresh_from_db()
    assert goal.status == "done" and goal.ended_at is not None
    assert "Driving test" in person_client.get(reverse("coaching:me_own_words")).content.decode()


def test_a_strength_is_never_done_only_set_aside(person_client, person):
    strength = services.own_words_add(model=Strength, person=person, text="Art", by=person.user)
    url = reverse("coaching:me_own_words_edit", args=["strength", strength.pk])
    person_client.post(url, {"finish": "done"})
    strength.refresh_from_db()
    assert strength.status == "current"
    person_client.post(url, {"finish": "set_aside"})
    strength.refresh_from_db()
    assert strength.status == "set_aside"


def test_empty_words_get_a_message_and_change_nothing(person_client):
    response = person_client.post(
        reverse("coaching:me_own_words_new", args=["goal"]), {"text": "   "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not Goal.objects.exists()


def test_person_cannot_touch_another_persons_goal(person_client, outsider, other_person):
    goal = services.own_words_add(model=Goal, person=other_person, text="Mine", by=outsider)
    url = reverse("coaching:me_own_words_edit", args=["goal", goal.pk])
    assert person_client.get(url).status_code == 404
    assert person_client.post(url, {"finish": "done"}).status_code == 404
    assert Goal.objects.get().status == "current"


def test_unknown_kind_is_404(person_client):
    assert person_client.get(reverse("coaching:me_own_words_new", args=["wish"])).status_code == 404


def test_coach_sees_goals_and_adds_one_with_the_person_marked_so(coach_client, coach, person):
    services.own_words_add(model=Goal, person=person, text="Back to college", by=person.user)
    page = coach_client.get(reverse("coaching:person", args=[person.pk])).content.decode()
    assert "Back to college" in page
    url = reverse("coaching:own_words_new", args=[person.pk, "strength"])
    coach_client.post(url, {"text": "Kind to everyone"})
    assert not Strength.objects.exists()
    coach_client.post(url, {"text": "Kind to everyone", "person_decided": "on"})
    strength = Strength.objects.get()
    assert (strength.added_by, strength.with_coach) == (coach, True)
    assert not Activity.objects.filter(kind="strength_changed").exists()


def test_own_words_pages_refuse_outsiders_wrong_roles_and_strangers(
    client, outsider, person, manager
):
    coach_url = reverse("coaching:own_words_new", args=[person.pk, "goal"])
    client.force_login(outsider)
    assert client.get(coach_url).status_code == 404
    client.force_login(person.user)
    assert client.get(coach_url).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("coaching:me_own_words")).status_code == 403
    client.logout()
    assert client.get(reverse("coaching:me_own_words"))["Location"].startswith("/accounts/login/")
