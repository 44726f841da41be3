"""The manager's glance (issue 27): the four answers at the top, barriers by kind of
service, fairness figures, restarts and returns; each as the page, the CSV and
`manage.py insights` read them, without the people who turned reporting off."""

import csv
import importlib
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budgets import figures as budget_figures
from budgets import services as budget_services
from coaching import services
from coaching.forms import BarrierFormSet
from coaching.models import CoachRequest, PersonalDetails, SystemBarrier
from coaching.tables import Table
from outcomes.charts import MOSTLY_HELD_BACK, bar_chart
from outcomes.insights import Filters, answers, figures
from tests.budgets.helpers import make_fund, make_request
from tests.conftest import make_coach, make_person, make_team

YEAR = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
SMALL = {"1", "2", "3", "4"}
migration = importlib.import_module("coaching.migrations.0034_glance")


def at(month, day=15, year=2025):
    return timezone.make_aware(datetime(year, month, day, 12))


def log(person, coach, when, *barriers):
    return services.contact_log(
        person=person,
        coach=coach,
        fields={"occurred_at": when, "channel": "phone"},
        barriers=list(barriers),
    )


def csv_rows(client, key, query="?start=2025-01-01&end=2025-12-31"):
    response = client.get(reverse("outcomes:insights_csv", args=[key]) + query)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def command_rows(key):
    out = io.StringIO()
    period = ["--from", "2025-01-01", "--to", "2025-12-31"]
    call_command("insights", *period, "--table", key, stdout=out)
    return json.loads(out.getvalue())["tables"][key]["rows"]


@pytest.fixture
def team(db):
    leeds = make_team("Leeds North", "Leeds")
    return {"leeds": leeds, "meg": make_coach("meg", team=leeds)}


def test_barriers_typed_in_different_capitals_and_spellings_count_as_one_category(team):
    meg = team["meg"]
    person = make_person("Stayer", meg, with_login=False, began_at=at(1, 1))
    typed = ["DWP", "dwp", "D.W.P.", "Department for Work and Pensions", "job centre", "JobCentre"]
    for day, service in enumerate(typed, start=1):
        log(person, meg, at(3, day), services.Barrier(service))
    log(person, meg, at(3, 20), services.Barrier("The lady at the front desk"))
    migration.give_categories(apps, None)  # as the data migration does to what was typed

    found = dict(SystemBarrier.objects.values_list("service", "category"))
    assert {found[service] for service in typed} == {"dwp"}
    assert found["The lady at the front desk"] == "other"  # uncertain: other, words kept
    tables = figures(YEAR).tables
    top = {row[0]: row[1] for row in tables["top_barriers"].rows}
    assert top == {"DWP and benefits": 6, "Other": 1}
    whole = tables["barriers"].rows[-1]
    assert whole[0] == "Whole period" and tables["barriers"].columns[1] == "DWP and benefits"
    assert whole[1] == 6


def test_a_coach_chooses_the_kind_of_service_and_names_it(db):
    def formset(**row):
        data = {"barriers-TOTAL_FORMS": "1", "barriers-INITIAL_FORMS": "0"}
        data |= {f"barriers-0-{name}": value for name, value in row.items()}
        return BarrierFormSet(data, prefix="barriers")

    known = formset(service="Job Centre")  # certainly DWP: no need to choose
    assert known.is_valid() and known.forms[0].cleaned_data["category"] == "dwp"
    missing = formset(service="The lady at the desk")
    assert not missing.is_valid()
    assert missing.errors[0]["category"] == ["Please choose the kind of service."]
    unnamed = formset(category="dwp")
    assert not unnamed.is_valid() and unnamed.errors[0]["service"] == ["Please name the service."]
    chosen = formset(category="dwp", service="Job centre", raised_with_service="on")
    assert chosen.is_valid()
    assert chosen.forms[0].cleaned_data["raised_with_service"] is True
    assert not formset(category="a_made_up_one", service="x").is_valid()


def test_the_top_barriers_rank_with_their_change_on_the_period_before(team):
    meg = team["meg"]
    person = make_person("Stayer", meg, with_login=False, began_at=at(1, 1, 2024))
    for day in range(1, 8):  # 7 landlord barriers this year, 5 the year before
        raised = services.Barrier("Mr Lett", category="landlord", raised_with_service=day < 6)
        log(person, meg, at(5, day), raised)
    for day in range(1, 6):
        log(person, meg, at(5, day, 2024), services.Barrier("Mr Lett", category="landlord"))
    for day in range(1, 4):  # 3 (fewer than 5) for the council, none before
        log(person, meg, at(6, day), services.Barrier("Housing", category="council_housing"))

    top = figures(YEAR).tables["top_barriers"].shown_rows()
    assert top == [
        ["Landlord", "7", "5", "+2", "5", "0"],
        ["Council housing", "fewer than 5", "0", "not shown", "0", "0"],
    ]
    assert answers(figures(YEAR)).barriers == top
    # Two kinds met, two rows: the heading does not promise five.
    assert figures(YEAR).tables["top_barriers"].title == "The system barriers met most"


def test_what_happened_reaches_managers_as_quotes_without_names(team):
    meg = team["meg"]
    shared = make_person("Jo Bloggs", meg, with_login=False, began_at=at(1, 1))
    private = make_person("Notes Off", meg, with_login=False, began_at=at(1, 1))
    quiet = make_person("Quiet", meg, with_login=False, began_at=at(1, 1))
    said = "Jo was told by Meg's contact to come back in 6 weeks; bloggs family waited."
    log(shared, meg, at(3), services.Barrier("Council", said, category="council_other"))
    log(private, meg, at(3, 16), services.Barrier("GP", "Not shared", category="gp_nhs"))
    log(quiet, meg, at(3, 17), services.Barrier("GP", "Not counted", category="gp_nhs"))
    private.share_notes = False
    private.save()
    quiet.share_reporting = False
    quiet.save()

    rows = figures(YEAR).tables["barrier_quotes"].rows
    assert rows == [
        ["Mar 2025", "Other council services", "… was told by …'s contact to come back in 6 "
         "weeks; … family waited."]
    ]  # fmt: skip


def test_barriers_by_area_follow_the_team_of_the_coach_who_met_them(team):
    meg = team["meg"]
    dan = make_coach("dan", team=make_team("Calderdale", "Halifax"))
    for coach in (meg, dan):
        person = make_person(f"P {coach.username}", coach, with_login=False, began_at=at(1, 1))
        for day in range(1, 6 if coach == meg else 3):
            log(person, coach, at(4, day), services.Barrier("Job centre", category="dwp"))
    areas = figures(YEAR).tables["barrier_areas"]
    assert areas.columns == ["Area", "DWP and benefits"]
    assert areas.rows == [["Halifax", 2], ["Leeds", 5], ["Every area", 7]]
    # Halifax's 2 is "fewer than 5", and Leeds's 5 with the total would give it away.
    assert areas.shown_rows() == [
        ["Halifax", "fewer than 5"],
        ["Leeds", "not shown"],
        ["Every area", "7"],
    ]


def give(person, **details):
    PersonalDetails.objects.create(person=person, **details)


def test_fairness_figures_suppress_counts_from_1_to_4(team, manager_client):
    meg = team["meg"]
    people = []
    for i in range(9):
        person = make_person(f"F{i}", meg, with_login=False, began_at=at(2, i + 1))
        people.append(person)
    for person in people[:3]:
        give(person, gender="woman", date_of_birth=date(2000, 1, 1))
    for person in people[3:8]:
        give(person, gender="man", date_of_birth=date(1980, 1, 1), ethnicity="white")
    give(people[8], gender="prefer_not_to_say")  # "not given", as no answer at all
    for person in people[:6]:
        person.current_relationship.end(by=meg, at=at(9))

    tables = figures(YEAR).tables
    gender = {row[0]: row[1:3] for row in tables["fairness_gender"].rows}
    assert gender["Woman"] == [3, 3] and gender["Man"] == [5, 3] and gender["Not given"] == [1, 0]
    assert gender["Everyone"] == [9, 6]
    age = {row[0]: row[1] for row in tables["fairness_age"].rows}
    assert (age["25 to 34"], age["35 to 49"], age["Not given"]) == (3, 5, 1)
    for key in ("fairness_age", "fairness_gender", "fairness_ethnicity", "fairness_disability"):
        for row in tables[key].shown_rows():
            assert not SMALL & set(row[1:4]), (key, row)
        # The same on the page's download and the command.
        assert not [c for row in csv_rows(manager_client, key)[1:] for c in row[1:4] if c in SMALL]
        assert command_rows(key) == tables[key].csv_rows()
    shown = {row[0]: row[1:3] for row in tables["fairness_gender"].shown_rows()}
    assert shown["Woman"] == ["fewer than 5", "fewer than 5"]
    page = manager_client.get(reverse("outcomes:insights") + "?start=2025-01-01&end=2025-12-31")
    assert 'id="t-fairness_gender"' in page.content.decode()


def test_fairness_counts_what_the_people_figures_count_and_leaves_out_reporting_off(team):
    meg = team["meg"]
    for i in range(6):
        person = make_person(f"W{i}", meg, with_login=False, began_at=at(2, i + 1))
        give(person, gender="woman", disability="yes")
    quiet = make_person("Quiet", meg, with_login=False, began_at=at(2))
    give(quiet, gender="woman", disability="yes")
    quiet.share_reporting = False
    quiet.save()
    tables = figures(YEAR).tables
    began = next(row[1] for row in tables["people"].rows if row[0].startswith("Began"))
    for key in ("fairness_gender", "fairness_disability"):
        assert tables[key].rows[-1][:2] == ["Everyone", began] == ["Everyone", 6]
    assert {row[0]: row[1] for row in tables["fairness_disability"].rows}["Yes"] == 6


def test_restarts_and_returns_in_the_period(team, manager_client):
    meg = team["meg"]
    for i in range(7):
        person = make_person(f"R{i}", meg, with_login=False, began_at=at(1, 1))
        person.current_relationship.end(by=meg, at=at(2))
        if i < 5:  # came back by asking for a coach: their request taken, coaching restarted
            CoachRequest.objects.create(
                name=f"R{i}",
                reach_by="phone",
                reach_details="07700 900000",
                team=team["leeds"],
                person=person,
                taken_by=meg,
                taken_at=at(4),
            )
        services.relationship_restart(person=person, by=meg, at=at(4))
    rows = figures(YEAR).tables["restarts"].rows
    assert [row[1] for row in rows] == [7, 5]
    assert [row[1:] for row in csv_rows(manager_client, "restarts")[1:]] == [["7"], ["5"]]
    assert [row[1] for row in figures(Filters(date(2025, 5, 1), date(2025, 12, 31))).tables[
        "restarts"
    ].rows] == [0, 0]  # fmt: skip


def test_restarts_are_counted_again_when_what_they_count_changes(team):
    """Restarts come from the summarised months: a write after they were counted (a
    restart, its person's reporting choice, its coach's team) counts them again."""
    meg, leeds = team["meg"], team["leeds"]
    people = []
    for i in range(6):
        person = make_person(f"S{i}", meg, with_login=False, began_at=at(1, 1))
        person.current_relationship.end(by=meg, at=at(2))
        services.relationship_restart(person=person, by=meg, at=at(3))
        if i == 0:
            person.current_relationship.end(by=meg, at=at(4))
            services.relationship_restart(person=person, by=meg, at=at(5))
        people.append(person)

    def restarts(filters=YEAR):
        return [row[1] for row in figures(filters).tables["restarts"].rows]

    assert restarts() == [6, 0]  # S0 restarted twice in the year: one person
    person = make_person("S6", meg, with_login=False, began_at=at(1, 1))
    person.current_relationship.end(by=meg, at=at(2))
    person.current_relationship.restart(by=meg, at=at(3), asked_by_person=True)
    assert restarts() == [7, 1]
    people[2].share_reporting = False
    people[2].save()
    assert restarts() == [6, 1]
    elsewhere = make_team("Elsewhere")
    assert restarts(Filters(YEAR.start, YEAR.end, team=leeds)) == [6, 1]
    meg.team = elsewhere
    meg.save()
    assert restarts(Filters(YEAR.start, YEAR.end, team=leeds)) == [0, 0]
    assert restarts(Filters(YEAR.start, YEAR.end, team=elsewhere)) == [6, 1]


def test_the_four_answers_come_from_the_tables_below(team, manager_client):
    meg = team["meg"]
    for i in range(5):
        person = make_person(f"M{i}", meg, with_login=False, began_at=at(1, 1))
        person.current_relationship.end(by=meg, at=at(1, 31))
    found = figures(YEAR)
    top = answers(found)
    assert top.moved_on == "5" and top.median_months == "median 1.0 months"
    assert top.budgets == {"asked": "0", "approved": "0", "days": ""}
    html = manager_client.get(
        reverse("outcomes:insights") + "?start=2025-01-01&end=2025-12-31"
    ).content.decode()
    for anchor in ("answer-moved-on", "answer-wellbeing", "answer-barriers", "answer-budgets"):
        assert f'id="{anchor}"' in html
    for anchor in ("people", "wellbeing", "fairness", "budgets", "barriers"):
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    assert "for learning and support" not in html


def test_a_coach_s_figures_say_they_are_for_learning_and_rank_nobody(team, manager_client):
    meg = team["meg"]
    html = manager_client.get(reverse("outcomes:insights") + f"?coach={meg.pk}").content.decode()
    assert "These figures are for learning and support" in html
    assert "never ranked" in html


def test_a_chart_where_most_figures_are_held_back_is_one_sentence():
    table = Table(
        key="t", title="T", columns=["Month", "n"], chart=[1], rows=[["a", 2], ["b", 3], ["c", 9]]
    )
    assert bar_chart(table).sentence == MOSTLY_HELD_BACK
    table = Table(
        key="t", title="T", columns=["Month", "n"], chart=[1], rows=[["a", 2], ["b", 8], ["c", 16]]
    )
    chart = bar_chart(table)
    assert not chart.sentence
    assert [bar.width for bar in chart.bars] == [0, 40.0, 80.0]  # percent of the width


def test_the_budget_figures_page_says_not_shown_as_every_page_does(manager_client):
    assert budget_figures.Row(label="Few", requested=2).value("paid_sum") == "not shown"
    html = manager_client.get(reverse("budgets:manager_figures")).content.decode()
    words = re.sub(r"<[^>]*>", " ", html)
    assert "hidden" not in words and "not shown" in words


def test_a_fund_s_paid_total_agrees_between_personal_budgets_and_the_figures(
    manager_client, manager, team
):
    """Two requests paid (a small group), one of them for someone who turned reporting
    off: the fund's paid total is its own on both pages, never "not shown"."""
    meg = team["meg"]
    fund = make_fund(team=None, total="5000.00")
    people = [make_person(f"B{i}", meg, with_login=False) for i in range(2)]
    for person, amount in zip(people, ("40.00", "60.00"), strict=True):
        request = make_request(person, amount, by=meg)
        budget_services.request_approve(budget_request=request, fund=fund, by=manager)
        budget_services.payment_record(
            budget_request=request,
            by=manager,
            amount=Decimal(amount),
            paid_on=timezone.localdate(),
            method="supplier",
        )
    people[1].share_reporting = False
    people[1].save()

    home = manager_client.get(reverse("budgets:manager_home")).content.decode()
    assert "£100.00" in home
    by_fund = budget_figures.budget_figures()["by_fund"]
    assert [(row.label, row.value("paid_sum")) for row in by_fund] == [
        (fund.name, Decimal("100.00"))
    ]
    page = manager_client.get(reverse("budgets:manager_figures")).content.decode()
    assert "£100.00" in page


def test_a_team_s_new_area_reaches_barriers_already_counted(team):
    meg, leeds = team["meg"], team["leeds"]
    person = make_person("P", meg, with_login=False, began_at=at(1, 1))
    for day in range(1, 6):
        log(person, meg, at(4, day), services.Barrier("Job centre", category="dwp"))
    assert figures(YEAR).tables["barrier_areas"].rows[0] == ["Leeds", 5]  # counted, cached
    leeds.area = "Wakefield"
    leeds.save()
    assert figures(YEAR).tables["barrier_areas"].rows[0] == ["Wakefield", 5]
