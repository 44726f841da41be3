"""A person's page (their coach's view, a covering coach's, their own /me/) is
rendered on every view: any change shows on the next one, whoever made it, and a panel
another app registers (coaching.panels) shows without anything in coaching changed."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from budgets import services as budget_services
from coaching import panels, services
from coaching.models import AccessLogEntry, Contact, Goal, Person, SystemBarrier, Theme
from coaching.reading import Part
from outcomes import services as outcome_services
from outcomes.models import Outcome, OutcomeType
from outcomes.scales import current_scale
from tests.conftest import make_coach

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def record_page(client, url) -> str:
    html = client.get(url).content.decode()
    return CSRF_INPUT.sub("", html[html.index("<main") : html.index("</main>")])


@pytest.fixture
def contact(person, coach):
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Talked about the flat."}
    )
    return contact


@pytest.fixture
def person_url(person):
    return reverse("coaching:person", args=[person.pk])


@pytest.fixture
def registered():
    """Panels registered by a test, gone after it."""
    before = list(panels.PANELS)
    yield
    panels.PANELS[:] = before


def _write_theme(person, contact, coach):
    contact.themes.add(Theme.objects.create(slug="rent", name="Rent", position=99))


def _write_barrier(person, contact, coach):
    SystemBarrier.objects.create(contact=contact, service="Housing office")


def _edit_contact(person, contact, coach):
    Contact.objects.filter(pk=contact.pk).update(notes="Edited words.")


def _delete_notes(person, contact, coach):
    person.share_notes = False
    person.save(update_fields=["share_notes"])
    services.notes_delete(person=person, by=coach)


def _new_contact(person, contact, coach):
    services.contact_log(person=person, coach=coach, fields={"channel": "text"})


def _pause(person, contact, coach):
    services.relationship_decide(person=person, decision="pause", by=person.user, reason="")


def _goal(person, contact, coach):
    services.own_words_add(model=Goal, person=person, text="A flat", by=person.user)


def _sharing(person, contact, coach):
    services.sharing_change(person=person, choice="wellbeing", allowed=False, by=person.user)


def _rename(person, contact, coach):
    services.person_rename(person=person, name="Sammy", area="", by=person.user)


def _budget(person, contact, coach):
    budget_services.request_raise(
        person=person, by=coach, purpose="Bus pass", amount=Decimal("30"), payment_method="card"
    )


def _wellbeing(person, contact, coach):
    outcome_services.wellbeing_record(
        person=person,
        answers=dict.fromkeys(current_scale().items, 3),
        by=coach,
        from_paper=True,
    )


def _outcome(person, contact, coach):
    recorded = Outcome.objects.filter(person=person).count()
    outcome_services.outcome_record(
        person=person,
        outcome_type=OutcomeType.objects.filter(sustains__isnull=True).first(),
        achieved_on=date.today() - timedelta(days=recorded),  # one a day of each kind
        evidence="Keys",
        by=coach,
    )


def _coach_renamed(person, contact, coach):
    coach.first_name = "Margaret"
    coach.save()


def _theme_renamed(person, contact, coach):
    Theme.objects.filter(pk=contact.themes.first().pk).update(name="A theme renamed")


def _outcome_type_renamed(person, contact, coach):
    type_id = Outcome.objects.filter(person=person).values_list("type_id", flat=True).first()
    OutcomeType.objects.filter(pk=type_id).update(name="An outcome renamed")


WRITES = [
    _write_theme,
    _write_barrier,
    _edit_contact,
    _delete_notes,
    _new_contact,
    _pause,
    _goal,
    _sharing,
    _rename,
    _budget,
    _wellbeing,
    _outcome,
    _coach_renamed,
    _theme_renamed,
    _outcome_type_renamed,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__.strip("_"))
def test_any_change_to_what_the_page_shows_is_on_the_next_view(
    coach_client, person_url, person, coach, contact, write
):
    contact.themes.add(Theme.objects.order_by("position").first())
    _outcome(person, contact, coach)
    before = record_page(coach_client, person_url)
    write(Person.objects.get(pk=person.pk), Contact.objects.get(pk=contact.pk), coach)
    assert record_page(coach_client, person_url) != before


def test_a_coach_leaving_shows_on_the_persons_own_page_at_once(person_client, person, coach):
    assert "has left" not in record_page(person_client, reverse("coaching:me"))
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    assert "has left" in record_page(person_client, reverse("coaching:me"))


def test_deleted_notes_are_gone_from_the_next_view(person_client, person, contact):
    assert "Talked about the flat." in record_page(person_client, reverse("coaching:me"))
    _delete_notes(person, contact, None)
    assert "Talked about the flat." not in record_page(person_client, reverse("coaching:me"))


def test_every_staff_view_of_the_page_is_logged(coach_client, person_url, person):
    for _ in range(3):
        coach_client.get(person_url)
    assert AccessLogEntry.objects.filter(person=person, what="your record").count() == 3


def test_a_coach_covering_is_told_so_and_the_own_coach_is_not(person, coach, person_url):
    coach_client = Client()
    coach_client.force_login(coach)
    covering = make_coach("tom", team=coach.team)
    cover_client = Client()
    cover_client.force_login(covering)
    person.share_cover = True
    person.save(update_fields=["share_cover"])
    services.coach_away(coach=coach, away=True)
    assert "You are covering" not in record_page(coach_client, person_url)
    assert "You are covering" in record_page(cover_client, person_url)
    assert AccessLogEntry.objects.get(person=person, viewer=covering).as_cover


def test_a_panel_another_app_registers_shows_on_the_page_for_its_viewers(
    registered, coach_client, person_url, person, client
):
    seen = []

    @panels.person_panel(
        "tested",
        order=15,
        viewers=["coach"],
        template="coaching/includes/status_panel.html",
        shape=lambda person, viewer, rows: {"status": None},
    )
    def tested(person, viewer):
        seen.append((person.pk, viewer))
        return []

    # Its parts are made once for a page of this shape (coaching.reading.read_planned),
    # from a stand-in with the person's sharing choices; each view reads them afresh.
    coach_client.get(person_url)
    coach_client.get(person_url)
    assert [viewer for _, viewer in seen] == ["coach"]
    client.force_login(person.user)
    client.get(reverse("coaching:me"))
    assert [viewer for _, viewer in seen] == ["coach"]  # not the person's: for coaches


def test_a_registered_panel_sits_in_its_order_with_what_it_read(
    registered, coach_client, person_url
):
    @panels.person_panel(
        "words",
        order=15,
        viewers=["coach"],
        template="coaching/includes/own_words_list.html",
        shape=lambda person, viewer, rows: {
            "entries": rows["goals"],
            "empty": f"A panel of its own, for {viewer}",
        },
    )
    def words(person, viewer):
        # What it reads is read with the rest of the page, in the same query.
        return [Part("goals", Goal.objects.filter(person=person, text="none such"), ["text"])]

    page = record_page(coach_client, person_url)
    # Between the budget requests (10) and the outcomes (20).
    budgets, words_at, outcomes = (
        page.index('id="budgets-heading"'),
        page.index("A panel of its own, for coach"),
        page.index('id="outcomes-heading"'),
    )
    assert budgets < words_at < outcomes


def test_a_panel_registered_again_replaces_the_earlier_for_those_viewers(registered):
    template = "coaching/includes/status_panel.html"
    panels.person_panel("twice", order=1, viewers=["coach", "person"], template=template)(
        lambda person, viewer: []
    )
    panels.person_panel("twice", order=2, viewers=["person"], template=template)(
        lambda person, viewer: []
    )
    twice = [p for p in panels.PANELS if p.name == "twice"]
    assert sorted((sorted(p.viewers), p.order) for p in twice) == [
        (["coach"], 1),
        (["person"], 2),
    ]


def test_an_unknown_viewer_is_refused_when_a_panel_is_registered(registered):
    with pytest.raises(ValueError, match="Unknown viewers"):
        panels.person_panel("odd", order=1, viewers=["manager"], template="x.html")


@pytest.mark.parametrize("viewer", ["coach", "person"])
def test_the_panels_templates_read_nothing(
    person, coach, contact, viewer, django_assert_num_queries
):
    """What a panel shows is read before the page is rendered, so a panel's template
    renders without a query, however much the person has."""
    _budget(person, contact, coach)
    _wellbeing(person, contact, coach)
    _outcome(person, contact, coach)
    person = Person.objects.select_related("current_relationship__coach").get(pk=person.pk)
    person.as_cover = False
    shown = panels.panels_for(person, viewer)
    assert {panel.name for panel in shown} == {"budget_requests", "outcomes"}
    for panel in shown:
        with django_assert_num_queries(0):
            render_to_string(panel.template, {"person": person, **panel.context})


def test_wellbeing_turned_off_is_neither_read_nor_shown(
    coach_client, person_url, person, coach, contact, django_assert_num_queries
):
    _wellbeing(person, contact, coach)
    assert "Fill in the scale with Sam" in record_page(coach_client, person_url)
    services.sharing_change(person=person, choice="wellbeing", allowed=False, by=person.user)
    page = record_page(coach_client, person_url)
    assert "Sam chose not to record wellbeing scores." in page
    assert "Fill in the scale with Sam" not in page and "wellbeing-chart" not in page
    person_client = Client()
    person_client.force_login(person.user)
    me = record_page(person_client, reverse("coaching:me"))
    assert "You chose not to record wellbeing scores" in me and "wellbeing-chart" not in me
    person = Person.objects.get(pk=person.pk)
    [outcomes] = [p for p in panels.PANELS if p.name == "outcomes" and "person" in p.viewers]
    assert [part.name for part in outcomes.parts(person, "person")] == ["outcomes"]  # no scores
    [shown] = [p for p in panels.panels_for(person, "person") if p.name == "outcomes"]
    assert shown.context["history"] is None
