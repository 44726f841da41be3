"""Filling in the scale: only when the person allows it, only complete, shown over time."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coaching.models import AccessLogEntry, Activity
from outcomes import services
from outcomes.models import WellbeingScore, WellbeingWording
from outcomes.scales import COPYRIGHT, SWEMWBS, WEMWBS
from outcomes.wellbeing import wellbeing_history

ME_URL = reverse("outcomes:me_wellbeing_new")
DOCS = Path(__file__).resolve().parents[2] / "docs"


def post_data(scale=SWEMWBS, answer=4, **overrides):
    return {f"item_{n}": answer for n in scale.items} | overrides


def record(person, by, answer, when):
    return services.wellbeing_record(
        person=person,
        answers=dict.fromkeys(SWEMWBS.items, answer),
        by=by,
        at=timezone.make_aware(when),
    )


def coach_url(person):
    return reverse("outcomes:wellbeing_new", args=[person.pk])


def test_person_fills_in_the_scale_and_it_is_scored_and_their_coach_hears(person_client, person):
    response = person_client.post(ME_URL, post_data(answer=4))
    assert response.status_code == 302
    score = WellbeingScore.objects.get(person=person)
    assert (score.scale, score.raw_score, score.metric_score) == ("swemwbs", 28, Decimal("25.03"))
    assert (score.completed_by, score.completed_with) == (person.user, "self")
    assert person.activities.filter(kind=Activity.Kind.WELLBEING_COMPLETED).count() == 1


def test_coach_fills_in_the_scale_with_the_person_and_it_says_so(coach_client, coach, person):
    response = coach_client.post(coach_url(person), post_data(answer=2))
    assert response.status_code == 302
    score = WellbeingScore.objects.get(person=person)
    assert (score.completed_by, score.completed_with, score.raw_score) == (coach, "coach", 14)
    assert not person.activities.filter(kind=Activity.Kind.WELLBEING_COMPLETED).exists()
    assert AccessLogEntry.objects.filter(person=person, viewer=coach).count() == 1


@override_settings(WELLBEING_SCALE="wemwbs")
def test_the_organisation_setting_chooses_the_14_item_scale(person_client, person):
    page = person_client.get(ME_URL).content.decode()
    assert page.count('type="radio"') == 14 * 5
    person_client.post(ME_URL, post_data(WEMWBS, answer=5))
    score = WellbeingScore.objects.get(person=person)
    assert (score.scale, score.raw_score, score.metric_score) == ("wemwbs", 70, None)


def test_a_missing_answer_saves_nothing_and_says_which(person_client, person):
    data = post_data()
    del data["item_6"]
    response = person_client.post(ME_URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["item_6"]
    assert not WellbeingScore.objects.exists()


@pytest.mark.parametrize("bad", ["0", "6", "five", ""])
def test_an_answer_out_of_range_is_refused_and_saves_nothing(person_client, person, bad):
    response = person_client.post(ME_URL, post_data(item_3=bad))
    assert response.status_code == 200
    assert response.context["form"].errors["item_3"]
    assert not WellbeingScore.objects.exists()


def test_wellbeing_off_means_no_form_offered(person_client, person):
    person.share_wellbeing = False
    person.save()
    response = person_client.get(ME_URL, follow=True)
    page = response.content.decode()
    assert "form" not in response.context or response.context.get("form") is None
    assert "You have chosen not to record wellbeing scores" in page
    assert "Fill in your wellbeing scale" not in page


def test_wellbeing_off_means_nothing_stored_even_if_posted(client, coach, person):
    person.share_wellbeing = False
    person.save()
    client.force_login(person.user)
    client.post(ME_URL, post_data())
    client.force_login(coach)
    client.post(coach_url(person), post_data())
    with pytest.raises(services.WellbeingNotShared):
        services.wellbeing_record(
            person=person, answers=dict.fromkeys(SWEMWBS.items, 3), by=person.user
        )
    assert not WellbeingScore.objects.exists()


def test_coach_page_offers_no_scale_when_the_person_chose_not(coach_client, person):
    person.share_wellbeing = False
    person.save()
    page = coach_client.get(person.get_absolute_url()).content.decode()
    assert "Sam chose not to record wellbeing scores" in page
    assert coach_url(person) not in page


def test_the_database_refuses_an_answer_out_of_range_or_a_wrong_total(person):
    good = {f"item_{n}": 3 for n in SWEMWBS.items}
    base = {"person": person, "scale": "swemwbs", "completed_with": "self"}
    for fields in (
        base | good | {"item_1": 6, "raw_score": 24, "metric_score": Decimal("22.35")},
        base | good | {"raw_score": 22, "metric_score": Decimal("20.73")},
        base | good | {"item_4": 3, "raw_score": 21, "metric_score": Decimal("19.98")},
        base | {"item_1": 3, "raw_score": 3, "metric_score": Decimal("7.00")},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            WellbeingScore.objects.create(**fields)


def test_form_shows_themes_and_says_wording_not_loaded_then_shows_loaded_wording(person_client):
    page = person_client.get(ME_URL).content.decode()
    # To the person, in plain words, with a way out; a coach reads the technical note.
    assert "The full statements are not set up here yet" in page and "licensed" not in page
    assert "1. Outlook" in page and COPYRIGHT in page
    call_command("load_wellbeing_wording", DOCS / "wellbeing-wording.example.txt")
    page = person_client.get(ME_URL).content.decode()
    assert "not set up here yet" not in page
    assert "Placeholder wording for item 11" in page
    assert "Placeholder wording for item 4" not in page  # not a SWEMWBS item
    assert COPYRIGHT in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1|a\n", "missing: 2, 3"),
        ("15|a\n", "not between 1 and 14"),
        ("1|a\n1|b\n", "appears twice"),
        ("one|a\n", "expected NUMBER|WORDING"),
        ("1|\n", "1 to 300 characters"),
    ],
)
def test_a_bad_wording_file_loads_nothing(tmp_path, db, text, message):
    file = tmp_path / "wording.txt"
    file.write_text(text)
    with pytest.raises(CommandError, match=message):
        call_command("load_wellbeing_wording", file)
    assert not WellbeingWording.objects.exists()


def test_the_repository_holds_no_item_wording():
    """Only the placeholder example: every line of it says "Placeholder"."""
    lines = (DOCS / "wellbeing-wording.example.txt").read_text().splitlines()
    items = [line for line in lines if line and not line.startswith("#")]
    assert len(items) == 14 and all("Placeholder wording" in line for line in items)


def test_history_summarises_in_plain_words_and_marks_meaningful_change(person):
    record(person, person.user, 3, datetime(2025, 3, 10))  # raw 21 -> 19.25
    record(person, person.user, 3, datetime(2025, 5, 10))  # no change
    record(person, person.user, 4, datetime(2025, 7, 10))  # raw 28 -> 25.03
    history = wellbeing_history(person)
    assert [row.value for row in history.rows] == [
        Decimal("19.25"),
        Decimal("19.25"),
        Decimal("25.03"),
    ]
    assert [row.meaningful for row in history.rows] == [False, False, True]
    assert history.summary == (
        "Up 5.78 points since March 2025 (a meaningful change): from 19.25 to 25.03."
    )


@override_settings(WELLBEING_SCALE="wemwbs")
def test_wemwbs_summary_counts_whole_points(person):
    for month, answers in ((3, 3), (9, 3)):
        services.wellbeing_record(
            person=person,
            answers=dict.fromkeys(WEMWBS.items, answers) | {1: answers + (month == 9) * 2},
            by=person.user,
            at=timezone.make_aware(datetime(2025, month, 1)),
        )
    assert wellbeing_history(person).summary == "Up 2 points since March 2025: from 42 to 44."


def test_person_and_coach_see_the_chart_and_the_numbers(client, coach, person):
    record(person, person.user, 3, datetime(2025, 3, 10))
    record(person, person.user, 4, datetime(2025, 9, 10))
    for user, url in (
        (person.user, reverse("coaching:me")),
        (coach, person.get_absolute_url()),
    ):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert '<svg viewBox="0 0 560 220" role="img"' in page
        assert "Reference mean 23.5" in page
        assert "Up 5.78 points since March 2025" in page
        assert "25.03" in page and "19.25" in page and COPYRIGHT in page


def test_outsider_coach_gets_404_and_no_score(client, outsider, person):
    client.force_login(outsider)
    assert client.get(coach_url(person)).status_code == 404
    assert client.post(coach_url(person), post_data()).status_code == 404
    assert not WellbeingScore.objects.exists()


def test_wrong_roles_get_403(client, person, manager, coach):
    client.force_login(manager)
    assert client.get(ME_URL).status_code == 403
    assert client.get(coach_url(person)).status_code == 403
    client.force_login(coach)
    assert client.get(ME_URL).status_code == 403
    client.force_login(person.user)
    assert client.get(coach_url(person)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, person):
    for url in (ME_URL, coach_url(person)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_person_sees_only_their_own_scores(client, person, other_person):
    record(other_person, other_person.user, 5, datetime(2025, 4, 1))
    record(person, person.user, 2, datetime(2025, 4, 1))
    client.force_login(person.user)
    page = client.get(reverse("coaching:me")).content.decode()
    assert "15.32" in page  # raw 14: Sam's own
    assert "35.00" not in page  # Jordan's


def test_the_short_scales_statements_are_numbered_one_to_seven():
    from outcomes.forms import WellbeingForm
    from outcomes.scales import THEMES
    from outcomes.wellbeing import Item

    items = [Item(n, THEMES[n], "") for n in SWEMWBS.items]
    labels = [field.label for field in WellbeingForm(items=items).fields.values()]
    assert [label.split(".")[0] for label in labels] == [str(n) for n in range(1, 8)]
    assert list(WellbeingForm(items=items).fields) == [f"item_{n}" for n in SWEMWBS.items]
