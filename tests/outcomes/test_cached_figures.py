"""The dashboard's cached figures follow every write to what they count, whoever makes
it: the recording code never has to remember to say so (outcomes.triggers)."""

import re

import pytest
from django.db import connection, transaction

from coaching import history
from coaching.models import (
    AuditEvent,
    Contact,
    Person,
    PersonalDetails,
    Relationship,
    RelationshipEvent,
    SystemBarrier,
    User,
)
from outcomes import services as outcome_services
from outcomes import triggers
from outcomes.insights import Filters, figures
from outcomes.models import ContactSummary, StaleMoment, WellbeingScore, WellbeingSummary
from outcomes.scales import current_scale
from outcomes.triggers import cached_figures_triggers
from tests.conftest import make_coach, make_person
from tests.outcomes.test_insights import YEAR, at, cell, org  # noqa: F401 (a fixture)


def everything_shown(org) -> list[dict]:  # noqa: F811
    """The figures of the whole year, for everyone and for each team."""
    return [
        figures(filters).as_json()
        for filters in (
            YEAR,
            Filters(start=YEAR.start, end=YEAR.end, team=org["leeds"]),
            Filters(start=YEAR.start, end=YEAR.end, team=org["calderdale"]),
        )
    ]


def counted_from_the_rows(org) -> list[dict]:  # noqa: F811
    """The same, every period counted from the rows, the cache left as it was."""
    with transaction.atomic():
        ContactSummary.objects.all().delete()
        StaleMoment.objects.all().delete()
        found = everything_shown(org)
        transaction.set_rollback(True)
    return found


def test_writes_that_go_around_the_services_change_the_figures_on_the_next_read(org):  # noqa: F811
    meg, dan, stayer = org["meg"], org["dan"], org["stayer"]
    march = {"starts_on": at(3).date().replace(day=1), "span": "month"}

    def write(step):
        everything_shown(org)  # every past month summarised and current...
        assert ContactSummary.objects.get(**march).is_current
        step()  # ...then changed with no service, no signal, no call to the dashboard
        assert everything_shown(org) == counted_from_the_rows(org)

    contacts_before = cell(figures(YEAR), "contacts", "Mar 2025")
    write(
        lambda: Contact.objects.create(
            person=stayer, coach=meg, occurred_at=at(3, 20), channel="email"
        )
    )
    assert cell(figures(YEAR), "contacts", "Mar 2025") == contacts_before + 1
    write(
        lambda: Contact.objects.bulk_create(
            [
                Contact(person=stayer, coach=dan, occurred_at=at(6, d), channel="text")
                for d in (2, 3)
            ]
        )
    )
    write(lambda: Contact.objects.filter(occurred_at=at(3, 20)).update(occurred_at=at(7, 1)))
    write(lambda: Contact.objects.filter(occurred_at=at(6, 2)).delete())

    def raw_theme_and_barrier():
        contact = Contact.objects.get(occurred_at=at(6, 3))
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO coaching_contact_themes (contact_id, theme_id) "
                "SELECT %s, id FROM coaching_theme WHERE slug = 'money'",
                [contact.pk],
            )
        SystemBarrier.objects.create(contact=contact, service="Housing")

    write(raw_theme_and_barrier)
    # An ending moves with its relationship's coach, in bulk, to the other team.
    mover = org["movers"][0]
    write(lambda: Relationship.objects.filter(person=mover).update(coach=dan))

    def a_beginning_written_by_hand():
        person = Person.objects.create(name="Written by hand")
        relationship = Relationship.objects.create(person=person, coach=dan, created_at=at(5))
        RelationshipEvent.objects.create(
            relationship=relationship, kind="began", coach=dan, occurred_at=at(5)
        )

    write(a_beginning_written_by_hand)
    write(lambda: Person.objects.filter(pk=stayer.pk).update(share_reporting=False))
    write(lambda: Person.objects.filter(pk=org["quiet"].pk).update(share_reporting=True))
    write(lambda: User.objects.filter(pk=meg.pk).update(team=org["calderdale"]))
    write(lambda: _deleted_past_the_service(org["dans"][1]))
    assert cell(figures(YEAR), "contacts", "Jan 2025") == 7  # Quiet's, counted now


def test_personal_details_written_around_the_services_change_the_fairness_figures(org):  # noqa: F811
    """Who began and whose coaching ended are summarised by date of birth, gender,
    ethnic group and disability: a change to them makes their months stale."""
    movers = org["movers"]

    def gender_row(label):
        return next(r for r in figures(YEAR).tables["fairness_gender"].rows if r[0] == label)

    def write(step):
        everything_shown(org)  # every past month summarised and current...
        step()  # ...then changed with no service
        assert everything_shown(org) == counted_from_the_rows(org)

    assert gender_row("Woman")[1:3] == [0, 0]
    write(
        lambda: PersonalDetails.objects.bulk_create(
            PersonalDetails(person=p, gender="woman", date_of_birth=at(1).date()) for p in movers
        )
    )
    assert gender_row("Woman")[1:3] == [5, 5]
    age = {r[0]: r[1] for r in figures(YEAR).tables["fairness_age"].rows}
    assert age["Under 18"] == 5
    write(lambda: PersonalDetails.objects.filter(person=movers[0]).update(gender="man"))
    assert gender_row("Woman")[1:3] == [4, 4] and gender_row("Man")[1:3] == [1, 1]
    write(lambda: PersonalDetails.objects.filter(person=movers[1]).delete())
    assert gender_row("Woman")[1:3] == [3, 3]
    write(lambda: PersonalDetails.objects.filter(person=movers[2]).update(person=org["stayer"]))
    assert gender_row("Woman")[1:3] == [3, 2]


def test_a_write_is_seen_as_a_moment_until_the_next_read(org):  # noqa: F811
    figures(YEAR)
    assert not StaleMoment.objects.exists()
    Contact.objects.create(
        person=org["stayer"], coach=org["meg"], occurred_at=at(3, 20), channel="email"
    )
    assert list(StaleMoment.objects.values_list("occurred_at", flat=True)) == [at(3, 20)]
    # A save that changes nothing the figures count leaves no moment.
    contact = Contact.objects.get(occurred_at=at(3, 20))
    contact.notes = "Talked about the rent"
    contact.save()
    assert StaleMoment.objects.count() == 1
    figures(YEAR)
    assert not StaleMoment.objects.exists()


def test_writes_made_while_a_figures_trigger_was_missing_are_counted_when_it_is_made(org):  # noqa: F811
    """As after a migration that rebuilds a table on SQLite, which drops its triggers
    until migrate makes them again."""
    before = cell(figures(YEAR), "contacts", "Mar 2025")
    postgres = connection.vendor == "postgresql"
    name = "figures_stale_coaching_contact" + ("" if postgres else "_insert")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}{' ON coaching_contact' if postgres else ''}")
    [error] = cached_figures_triggers(databases=["default"])
    assert error.id == "outcomes.E001" and name in error.msg
    Contact.objects.create(
        person=org["stayer"], coach=org["meg"], occurred_at=at(3, 20), channel="email"
    )
    assert cell(figures(YEAR), "contacts", "Mar 2025") == before  # went unseen
    triggers.install_triggers()
    assert cached_figures_triggers(databases=["default"]) == []
    assert cell(figures(YEAR), "contacts", "Mar 2025") == before + 1


@pytest.mark.django_db
def test_the_recording_code_knows_nothing_of_the_dashboard():
    """coaching and budgets record; outcomes reads. No call, import or name of the
    dashboard's cached figures is left below it."""
    from pathlib import Path

    from django.conf import settings

    words = ("forget_moments", "forget_person", "forget_coach", "mark_stale", "ContactSummary")
    for app in ("coaching", "budgets"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            assert not re.search(rf"(?<![\w.])({'|'.join(words)})\b", text), path
            assert "outcomes.summary" not in text and "people_now" not in text, path


def summarised_from_the_rows(person) -> list[tuple]:
    """What each WellbeingSummary of the person must say, worked out from their scores."""
    found = []
    for scale in ("swemwbs", "wemwbs"):
        scores = list(
            WellbeingScore.objects.filter(person=person, scale=scale).order_by("completed_at", "pk")
        )
        if scores:
            first, latest = scores[0], scores[-1]
            found.append(
                (
                    scale,
                    len(scores),
                    first.score,
                    first.completed_at,
                    latest.score,
                    latest.completed_at,
                )
            )
    return found


def summarised(person) -> list[tuple]:
    return list(
        WellbeingSummary.objects.filter(person=person)
        .order_by("-scale")
        .values_list("scale", "scores", "first_score", "first_at", "latest_score", "latest_at")
    )


def test_wellbeing_scores_written_around_the_service_are_summarised(db):
    coach = make_coach("meg")
    sam = make_person("Sam", coach)
    scale = current_scale()
    for threes, month in ((0, 3), (5, 5), (7, 4)):  # the last back-dated between the two
        answers = {n: 3 if n <= threes else 2 for n in scale.items}
        outcome_services.wellbeing_record(
            person=sam, answers=answers, by=coach, at=at(month), from_paper=True
        )
    assert summarised(sam) == summarised_from_the_rows(sam) != []
    assert summarised(sam)[0][1] == 3
    latest = WellbeingScore.objects.get(completed_at=at(5))
    WellbeingScore.objects.filter(pk=latest.pk).update(completed_at=at(1))
    assert summarised(sam) == summarised_from_the_rows(sam)
    assert summarised(sam)[0][3] == at(1)
    WellbeingScore.objects.filter(completed_at=at(1)).delete()
    assert summarised(sam) == summarised_from_the_rows(sam)
    WellbeingScore.objects.filter(person=sam).delete()
    assert summarised(sam) == [] == summarised_from_the_rows(sam)


def _deleted_past_the_service(person):
    # By the one path the database lets a person's history go.
    with history.erasing(person, by=None, action=AuditEvent.Action.RECORD_ERASED):
        Person.objects.filter(pk=person.pk).delete()
