"""Filling in the scale: only when the person allows it, only complete, shown over time."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from coaching.models import AccessLogEntry, Activity
from outcomes import services
from outcomes.models import WellbeingScore, WellbeingWording
from outcomes.scales import COPYRIGHT, SWEMWBS, WEMWBS
from outcomes.templatetags.outcomes_tags import wellbeing_chart
from outcomes.wellbeing import wellbeing_history
from tests.outcomes.helpers import load_wording

ME_URL = reverse("outcomes:me_wellbeing_new")


@pytest.fixture(autouse=True)
def _wording(db):
    """The scale is answered on screen only with its licensed wording: loaded here for
    every test but those about its absence, which take it away again."""
    load_wording()


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


def test_without_the_wording_a_person_is_not_offered_the_scale(person_client, person):
    WellbeingWording.objects.all().delete()
    page = person_client.get(reverse("coaching:me")).content.decode()
    assert ME_URL not in page and "item_1" not in page
    response = person_client.get(ME_URL)
    assert response.status_code == 302 and response["Location"] == "/me/#wellbeing"
    # Posted anyway: nothing is kept.
    person_client.post(ME_URL, post_data())
    assert not WellbeingScore.objects.exists()
    with pytest.raises(services.WellbeingNotReady):
        record(person, person.user, 3, datetime(2025, 3, 10))


def test_without_the_wording_a_coach_enters_the_paper_form_and_it_says_so(
    coach_client, coach, person
):
    WellbeingWording.objects.all().delete()
    page = coach_client.get(coach_url(person)).content.decode()
    assert "cannot be answered on screen" in page and "1. Outlook" in page
    # Not said to be from the paper form: refused, nothing kept.
    response = coach_client.post(coach_url(person), post_data())
    assert response.status_code == 200 and "only come from the official paper form" in (
        response.content.decode()
    )
    assert not WellbeingScore.objects.exists()
    coach_client.post(coach_url(person), post_data(from_paper="on"))
    score = WellbeingScore.objects.get()
    assert (score.answered_from, score.completed_with) == ("paper", "coach")
    assert "on the paper form" in coach_client.get(person.get_absolute_url()).content.decode()


def test_the_form_shows_the_loaded_wording(person_client):
    WellbeingWording.objects.all().delete()
    call_command("load_wellbeing_wording", DOCS / "wellbeing-wording.example.txt")
    page = person_client.get(ME_URL).content.decode()
    assert "not loaded" not in page
    assert "Placeholder wording for item 11" in page
    assert "Placeholder wording for item 4" not in page  # not a SWEMWBS item
    assert COPYRIGHT in page


def test_a_person_may_not_enter_the_paper_form(person):
    with pytest.raises(ValueError, match="Only a coach"):
        services.wellbeing_record(
            person=person, answers=post_data(), by=person.user, from_paper=True
        )


def test_the_database_refuses_a_paper_form_said_to_be_filled_in_alone(person):
    score = record(person, person.user, 3, datetime(2025, 3, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        WellbeingScore.objects.filter(pk=score.pk).update(answered_from="paper")


def _answered_to_themes(person, answer, when):
    """A score from before the wording was loaded, as the migration marks it."""
    score = record(person, person.user, answer, when)
    WellbeingScore.objects.filter(pk=score.pk).update(answered_from="themes")
    return score


def test_theme_only_scores_are_marked_and_left_out_of_the_story_and_summaries(client, person):
    from outcomes.models import WellbeingSummary

    _answered_to_themes(person, 5, datetime(2025, 1, 10))  # raw 35 -> 35.00
    record(person, person.user, 3, datetime(2025, 3, 10))  # 19.25
    record(person, person.user, 4, datetime(2025, 7, 10))  # 25.03
    history = wellbeing_history(person)
    assert [row.value for row in history.rows] == [Decimal("19.25"), Decimal("25.03")]
    assert [s.score for s in history.set_aside] == [Decimal("35.00")]
    summary = WellbeingSummary.objects.get(person=person)
    assert (summary.scores, summary.first_score) == (2, Decimal("19.25"))
    client.force_login(person.user)
    page = client.get(reverse("coaching:me")).content.decode()
    assert "not counted" in page


def test_the_person_reads_plain_words_and_the_numbers_in_more_detail(client, person):
    record(person, person.user, 2, datetime(2025, 3, 10))  # raw 14 -> 15.32
    record(person, person.user, 4, datetime(2025, 7, 10))  # raw 28 -> 25.03
    history = wellbeing_history(person)
    assert history.plain_summary == (
        "From 15 to 25: a big rise. That is about the same as most people in the UK."
    )
    client.force_login(person.user)
    page = client.get(reverse("coaching:me")).content.decode()
    plain, detail = page.split("<summary>More detail</summary>", 1)
    assert "From 15 to 25: a big rise." in plain
    assert "SWEMWBS" not in plain.split('id="wellbeing"')[1] and "SWEMWBS" in detail
    assert "Reference mean" not in plain and "Reference mean 23.5" in detail


@pytest.mark.parametrize(
    ("first", "latest", "words"),
    [
        (3, 3, "Your first score is 19. That is lower than most people in the UK."),
        (3, 4, "From 19 to 25: a rise. That is about the same as most people in the UK."),
        (4, 3, "From 25 to 19: a drop. That is lower than most people in the UK."),
    ],
)
def test_plain_words_for_one_score_a_rise_and_a_drop(person, first, latest, words):
    record(person, person.user, first, datetime(2025, 3, 10))
    if words.startswith("From"):
        record(person, person.user, latest, datetime(2025, 7, 10))
    assert wellbeing_history(person).plain_summary == words


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
    WellbeingWording.objects.all().delete()
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


def test_the_chart_speaks_the_readers_language(person):
    """The chart's words, seen and read aloud, are in Welsh on a Welsh page; the scale's
    name stays as it is."""
    record(person, person.user, 3, datetime(2025, 3, 10))
    record(person, person.user, 4, datetime(2025, 9, 10))
    with translation.override("cy"):
        chart = wellbeing_chart(wellbeing_history(person))
    assert "Reference mean" not in chart and "Cymedr cyfeirio 23.5" in chart
    assert "scores over time" not in chart and "Sgoriau SWEMWBS dros amser" in chart
    assert "The dashed line" not in chart and "The numbers are in the table" not in chart


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
