"""The managers' dashboard: each figure against a hand-built organisation with known
answers, suppression of 1 to 4, the reporting rule in the page, CSV and command alike."""

import codecs
import csv
import importlib
import io
import json
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.test import SimpleTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.scale.generate import build
from benchmarks.scale.world import Size
from coaching import services
from coaching.admin import UserAdmin
from coaching.models import Contact, Theme, User
from coaching.tables import Table, csv_cell
from outcomes import forms as outcome_forms
from outcomes import insights
from outcomes import services as outcome_services
from outcomes import summary as summaries
from outcomes.charts import bar_chart
from outcomes.forms import InsightsFilterForm
from outcomes.insights import Filters, figures
from outcomes.models import ContactSummary, PeopleNow, WellbeingScore
from outcomes.scales import WEMWBS, current_scale
from outcomes.summary import MARK_BATCH, mark_stale, monthly_rows
from outcomes.templatetags.outcomes_figures import figures_chart, figures_table
from tests.conftest import make_coach, make_manager, make_person, make_team

YEAR = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))


def at(month, day=15, hour=12):
    return timezone.make_aware(datetime(2025, month, day, hour))


def wemwbs(total_threes: int) -> dict:
    """Answers scoring 28 plus one point for each item answered 3 instead of 2."""
    return {n: 3 if n <= total_threes else 2 for n in WEMWBS.items}


def record(person, answers, coach, when):
    """A score the coach enters from the paper form."""
    return outcome_services.wellbeing_record(
        person=person, answers=answers, by=coach, at=when, from_paper=True
    )


@pytest.fixture
def org(db):
    """Meg's team: five people who began in 2025 and moved on after 30, 61, 91, 122
    and 304 days (median 91 days = 3.0 months); one more, still active. Dan's team:
    two people. Quiet, who turned reporting off, began, moved on and was contacted:
    never counted."""
    leeds, calderdale = make_team("Leeds North", "Leeds"), make_team("Calderdale", "Calderdale")
    meg, dan = make_coach("meg", team=leeds), make_coach("dan", team=calderdale)
    movers = []
    for i, days in enumerate([30, 61, 91, 122, 304]):
        person = make_person(f"Mover {i}", meg, with_login=False, began_at=at(1, 1))
        person.current_relationship.end(by=meg, at=at(1, 1) + timezone.timedelta(days=days))
        movers.append(person)
    stayer = make_person("Stayer", meg, with_login=False, began_at=at(2))
    dans = [make_person(f"Dan's {i}", dan, with_login=False, began_at=at(3)) for i in range(2)]
    dans[0].current_relationship.pause(by=dan, at=at(4))
    quiet = make_person("Quiet", meg, with_login=False, began_at=at(1, 1))
    quiet.current_relationship.end(by=meg, at=at(2))
    quiet.share_reporting = False
    quiet.save()
    home = Theme.objects.get(slug="home")
    money = Theme.objects.get(slug="money")
    # Contacts: March 6 (4 phone, 2 in person; the person reached out in 4), April 3
    # texts from the coach; all about home, money in the first two; two barriers.
    for i in range(6):
        services.contact_log(
            person=stayer,
            coach=meg,
            fields={
                "occurred_at": at(3, i + 1),
                "channel": "phone" if i < 4 else "in_person",
                "reached_out_by": "person" if i < 4 else "coach",
            },
            themes=[home, money] if i < 2 else [home],
            barriers=[services.Barrier("Universal Credit")] if i < 2 else [],
        )
    for i in range(3):
        services.contact_log(
            person=dans[1], coach=dan, fields={"occurred_at": at(4, i + 1), "channel": "text"}
        )
    for i in range(7):
        services.contact_log(
            person=quiet,
            coach=meg,
            fields={"occurred_at": at(1, i + 2), "channel": "phone"},
            themes=[money],
            barriers=[services.Barrier("Universal Credit")],
        )
    return {
        "meg": meg,
        "dan": dan,
        "movers": movers,
        "stayer": stayer,
        "leeds": leeds,
        "calderdale": calderdale,
        "quiet": quiet,
        "dans": dans,
    }


def cell(found, key, label, column=1):
    table = found.tables[key]
    return next(row for row in table.rows if row[0] == label)[column]


def test_people_figures_match_the_hand_count(org):
    found = figures(YEAR)
    assert cell(found, "people", "Began coaching in the period") == 8
    assert cell(found, "people", "Active now") == 2
    assert cell(found, "people", "Paused now") == 1
    assert cell(found, "people", "Ended now") == 5
    assert cell(found, "people", "Moved on in the period") == 5
    assert str(cell(found, "people", "Median months from beginning to moving on")) == "3.0"
    assert found.left_out == 1


def test_someone_who_restarted_with_another_coach_counts_once_by_today(org):
    """Their first relationship ended and a new one began: active now, not ended, and
    for the new coach's team."""
    services.relationship_restart(person=org["movers"][0], by=org["dan"], coach=org["dan"])
    found = figures(YEAR)
    assert cell(found, "people", "Active now") == 3
    assert cell(found, "people", "Ended now") == 4
    dans_team = figures(Filters(start=YEAR.start, end=YEAR.end, team=org["calderdale"]))
    assert [cell(dans_team, "people", f"{s} now") for s in ("Active", "Ended")] == [2, 0]


def test_median_of_an_even_number_is_the_mean_of_the_middle_two(org):
    extra = make_person("Sixth", org["meg"], with_login=False, began_at=at(1, 1))
    extra.current_relationship.end(by=org["meg"], at=at(1, 1) + timezone.timedelta(days=122))
    # 30, 61, 91, 122, 122, 304: (91 + 122) / 2 = 106.5 days = 3.5 months
    assert str(cell(figures(YEAR), "people", "Median months from beginning to moving on")) == "3.5"


def test_contacts_by_month_and_how_and_who_reached_out(org):
    found = figures(YEAR)
    contacts = found.tables["contacts"]
    phone = contacts.columns.index("Phone")
    march = next(r for r in contacts.rows if r[0] == "Mar 2025")
    april = next(r for r in contacts.rows if r[0] == "Apr 2025")
    assert march[1] == 6 and march[phone] == 4 and april[1] == 3
    assert cell(found, "contacts", "Jan 2025") == 0  # Quiet's seven are not counted
    assert cell(found, "contacts", "Whole period") == 9
    assert cell(found, "reached_out", "Mar 2025", 1) == 4
    assert cell(found, "reached_out", "Mar 2025", 2) == 2
    assert cell(found, "reached_out", "Apr 2025", 2) == 3


def test_themes_and_barriers_leave_out_people_who_said_no(org):
    found = figures(YEAR)
    themes = found.tables["themes"]
    assert themes.columns[1:3] == ["Home", "Money"]
    assert themes.rows[-1][1:3] == [6, 2]
    assert found.tables["barriers"].rows[-1] == ["Whole period", 2]


def test_team_and_coach_filters_narrow_every_figure(org):
    found = figures(Filters(start=YEAR.start, end=YEAR.end, team=org["calderdale"]))
    assert cell(found, "people", "Began coaching in the period") == 2
    assert cell(found, "contacts", "Whole period") == 3
    by_coach = figures(Filters(start=YEAR.start, end=YEAR.end, coach=org["meg"]))
    assert cell(by_coach, "people", "Moved on in the period") == 5
    assert cell(by_coach, "contacts", "Whole period") == 6
    # Narrowed to one team, the people figures are read another way: the same answers.
    leeds = figures(Filters(start=YEAR.start, end=YEAR.end, team=org["meg"].team))
    everyone = figures(YEAR)
    for label in ["Moved on in the period", "Median months from beginning to moving on"]:
        assert cell(leeds, "people", label) == cell(everyone, "people", label)
    assert cell(leeds, "people", "Began coaching in the period") == 6


def test_kept_team_figures_and_totals_agree_whichever_is_counted_first(org):
    """A month counted for a team's view keeps the whole organisation's totals too."""
    calderdale = Filters(start=YEAR.start, end=YEAR.end, team=org["calderdale"])
    for first in (calderdale, YEAR):
        ContactSummary.objects.all().delete()
        figures(first)
        assert ContactSummary.objects.get(starts_on=date(2025, 4, 1), span="month").is_current
        assert cell(figures(calderdale), "contacts", "Whole period") == 3
        assert figures(calderdale).tables["themes"].rows == []
        assert cell(figures(YEAR), "contacts", "Whole period") == 9
        assert cell(figures(YEAR), "themes", "Whole period", column=1) == 6


def summed(rows_by_kind: dict) -> dict:
    """Rows (month, key..., n) of each kind, added up by month and key."""
    found = {}
    for kind, rows in rows_by_kind.items():
        found[kind] = Counter()
        for *month_and_key, n in rows:
            found[kind][tuple(month_and_key)] += n
    return found


def test_the_kept_figures_of_some_teams_are_theirs_alone(org):
    leeds, calderdale = org["leeds"].pk, org["calderdale"].pk
    for teams in ({leeds}, {calderdale}, {leeds, calderdale}):
        ContactSummary.objects.all().delete()
        counted = monthly_rows(YEAR.start, YEAR.end, teams=teams)
        assert monthly_rows(YEAR.start, YEAR.end, teams=teams) == counted  # read back
    # A team of one coach: the same as that coach's figures counted live.
    for team, coach in ((leeds, org["meg"]), (calderdale, org["dan"])):
        assert summed(monthly_rows(YEAR.start, YEAR.end, teams={team})) == summed(
            monthly_rows(YEAR.start, YEAR.end, coach=coach)
        )
    both = summed(monthly_rows(YEAR.start, YEAR.end, teams={leeds, calderdale}))
    assert both == summed(monthly_rows(YEAR.start, YEAR.end))
    assert sum(both["contacts"].values()) == 9 and sum(both["themes"].values()) == 8
    assert sum(both["barriers"].values()) == 2


# The summaries' old migrations in coaching, run on the model that now lives in outcomes.
SUMMARIES_MOVED = SimpleNamespace(get_model=lambda app, name: ContactSummary)


def test_kept_figures_convert_to_and_from_their_grouping_by_team(db):
    migration = importlib.import_module(
        "coaching.migrations.0012_contact_summary_figures_keyed_by_team"
    )
    by_kind = {
        "contacts": [
            [1, "phone", "person", 4],
            [2, "text", "coach", 3],
            [None, "text", "coach", 1],
        ],
        "themes": [[1, 5, 6]],
        "barriers": [[2, "Universal Credit", 2]],
    }
    by_team = {
        "team_1": {"contacts": [["phone", "person", 4]], "themes": [[5, 6]]},
        "team_2": {"contacts": [["text", "coach", 3]], "barriers": [["Universal Credit", 2]]},
        "no_team": {"contacts": [["text", "coach", 1]]},
    }
    summary = ContactSummary.objects.create(
        starts_on=date(2025, 3, 1), span="month", figures=by_kind
    )
    migration.group_by_team(SUMMARIES_MOVED, None)
    summary.refresh_from_db()
    assert summary.figures == by_team
    migration.list_by_kind(SUMMARIES_MOVED, None)
    summary.refresh_from_db()
    assert summary.figures == by_kind


@override_settings(WELLBEING_SCALE="wemwbs")
def test_wellbeing_first_against_latest(org):
    # Firsts 28 each; latests 42, 28, 30, 31, 35: changes 14, 0, 2, 3, 7.
    people = [*org["movers"][:4], org["stayer"]]
    for person, threes in zip(people, [14, 0, 2, 3, 7], strict=True):
        record(person, wemwbs(0), org["meg"], at(2))
        record(person, wemwbs(threes), org["meg"], at(6))
    # One score only: not counted.
    record(org["movers"][4], wemwbs(0), org["meg"], at(2))
    found = figures(YEAR)
    assert cell(found, "wellbeing", "People with two or more scores") == 5
    assert str(cell(found, "wellbeing", "Mean first score")) == "28.0"
    assert str(cell(found, "wellbeing", "Mean latest score")) == "33.2"
    assert str(cell(found, "wellbeing", "Mean change")) == "5.2"
    assert cell(found, "wellbeing", "Share with a meaningful improvement (3+ points)") == "60%"
    # With fewer than five people, the means are not shown.
    small = figures(Filters(start=YEAR.start, end=YEAR.end, coach=org["dan"]))
    assert cell(small, "wellbeing", "Mean change") == "none"


@override_settings(WELLBEING_SCALE="wemwbs")
def test_kept_wellbeing_summaries_answer_a_period_to_today_as_the_scores_do(org):
    """Today's dashboard reads each person's cached first and latest score; a period that
    ended earlier searches the scores. Both give the same figures, back-dating included."""
    people = [*org["movers"][:4], org["stayer"]]
    for person, threes in zip(people, [14, 0, 2, 3, 7], strict=True):
        # The later score is typed in first: the cached first score must still be the older.
        record(person, wemwbs(threes), org["meg"], at(6))
        record(person, wemwbs(0), org["meg"], at(2))
    to_today = Filters(start=YEAR.start, end=timezone.localdate())
    cached = figures(to_today).tables["wellbeing"].rows
    assert cached == figures(YEAR).tables["wellbeing"].rows
    assert cell(figures(to_today), "wellbeing", "Mean change") == Decimal("5.2")
    kept_pairs = insights._summarised_scores(WEMWBS, to_today).values_list(
        "first_score", "latest_score"
    )
    assert sorted(kept_pairs) == sorted(insights._first_and_latest_scores(WEMWBS, to_today))


@override_settings(WELLBEING_SCALE="wemwbs")
def test_scores_answered_to_themes_only_are_left_out_of_the_figures(org):
    """A score from before the licensed wording was loaded is kept and shown, but in no
    mean: neither from the cached summaries (a period to today) nor from the scores."""
    people = [*org["movers"][:4], org["stayer"]]
    for person, threes in zip(people, [14, 0, 2, 3, 7], strict=True):
        record(person, wemwbs(0), org["meg"], at(2))
        record(person, wemwbs(threes), org["meg"], at(6))
        # A much lower score before both, against the themes.
        themes = record(person, {n: 1 for n in WEMWBS.items}, org["meg"], at(1))
        WellbeingScore.objects.filter(pk=themes.pk).update(answered_from="themes")
    to_today = Filters(start=YEAR.start, end=timezone.localdate())
    for period in (YEAR, to_today):
        assert str(cell(figures(period), "wellbeing", "Mean first score")) == "28.0"
        assert str(cell(figures(period), "wellbeing", "Mean change")) == "5.2"


@pytest.mark.django_db
def test_the_generator_keeps_the_summaries_the_service_would():
    build(Size(teams=1, coaches=2, people=40, contacts=2000, long_history=90), seed=3)
    to_today = Filters(start=date(2000, 1, 1), end=timezone.localdate())
    scale = current_scale()
    cached = list(
        insights._summarised_scores(scale, to_today).values_list("first_score", "latest_score")
    )
    assert cached and sorted(cached) == sorted(insights._first_and_latest_scores(scale, to_today))
    pairs = insights._first_and_latest_scores(scale, to_today)
    n, first_sum, latest_sum, improved, at_reference = insights._score_groups(
        to_today, to_today.end
    ).everyone()
    assert (n, first_sum, latest_sum) == (len(pairs), *map(sum, zip(*pairs, strict=True)))
    assert improved == sum(1 for f, la in pairs if la >= f + scale.meaningful_change)
    assert at_reference == sum(1 for _, la in pairs if la >= scale.reference_mean)


def test_counts_from_one_to_four_show_as_fewer_than_five(org):
    found = figures(Filters(start=YEAR.start, end=YEAR.end, team=org["calderdale"]))
    shown = dict(row[:2] for row in found.tables["people"].shown_rows())
    assert shown["Began coaching in the period"] == "fewer than 5"
    assert shown["Paused now"] == "fewer than 5"
    assert shown["Ended now"] == "0"
    assert "Median" in found.tables["people"].rows[-1][0]
    assert found.tables["people"].rows[-1][1] == "none"


def test_the_page_the_csv_and_the_command_agree_and_leave_out_the_same_people(client, org):
    client.force_login(make_manager())
    query = "?start=2025-01-01&end=2025-12-31&team=" + str(org["leeds"].pk)
    page = client.get(reverse("outcomes:insights") + query).content.decode()
    assert "People who chose not to be counted in reports: fewer than 5" in page
    response = client.get(reverse("outcomes:insights_csv", args=["contacts"]) + query)
    assert response.content.startswith(codecs.BOM_UTF8)  # so Excel reads it as UTF-8
    assert 'filename="contacts-2025-01-01-to-2025-12-31.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Month", "All contacts"]
    assert rows[1][:2] == ["Jan 2025", "0"]  # Quiet's seven January contacts left out
    assert rows[-1][:2] == ["Whole period", "6"]
    people = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("outcomes:insights_csv", args=["people"]) + query
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert ["Paused now", "0"] in people and ["Active now", "fewer than 5"] in people
    out = io.StringIO()
    call_command(
        "insights",
        "--from",
        "01/01/2025",
        "--to",
        "31/12/2025",
        "--team",
        "Leeds North",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["left_out"] == "fewer than 5"
    assert result["tables"]["contacts"]["rows"][-1][:2] == ["Whole period", 6]
    assert result["tables"]["people"]["rows"][1] == ["Active now", "fewer than 5"]
    out = io.StringIO()
    call_command(
        "insights",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--team",
        "Leeds North",
        "--format",
        "csv",
        "--table",
        "contacts",
        stdout=out,
    )
    assert list(csv.reader(io.StringIO(out.getvalue()))) == rows


def test_bad_filters_get_a_message_never_a_500(manager_client):
    url = reverse("outcomes:insights")
    for query in [
        "start=31/02/2025",
        "team=abc",
        "coach=999999",
        "start=2025-06-01&end=2025-01-01",
        "end=9999-12-31",  # a month a row: once a 500, its date past the calendar's end
    ]:
        response = manager_client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert "Please check the form" in response.content.decode()
    latest = timezone.localdate().year + 5
    far = manager_client.get(f"{url}?end={latest + 1}-01-01")
    assert f"Choose a day up to 31 December {latest}." in far.content.decode()
    csv_response = manager_client.get(reverse("outcomes:insights_csv", args=["people"]) + "?team=x")
    assert csv_response.status_code == 400
    with pytest.raises(Exception, match="valid date"):
        call_command("insights", "--from", "32/01/2025")


def test_uk_dates_are_accepted_in_the_filters(manager_client, org):
    response = manager_client.get(reverse("outcomes:insights") + "?start=01/03/2025&end=31/03/2025")
    assert response.status_code == 200
    assert "From 1 March 2025 to 31 March 2025" in response.content.decode()


def test_the_coach_filter_is_the_select_django_would_draw(org, manager_client):
    """The long coach list is written out in Python; it must be the same markup."""
    dan = org["dan"]
    rendered = str(InsightsFilterForm({"coach": str(dan.pk)})["coach"])
    usual = InsightsFilterForm({"coach": str(dan.pk)}, renderer=DjangoTemplates())["coach"]
    SimpleTestCase().assertHTMLEqual(rendered, str(usual))
    assert rendered.count("<option") == usual.field.queryset.count() + 1
    assert f'<option value="{dan.pk}" selected>' in rendered
    assert f'<optgroup label="{dan.team.name}">' in rendered  # coaches under their team
    page = manager_client.get(reverse("outcomes:insights") + f"?coach={dan.pk}")
    assert f'<option value="{dan.pk}" selected>' in page.content.decode()


def test_a_large_network_lists_a_teams_coaches_once_the_team_is_chosen(
    org, manager_client, monkeypatch
):
    """More coaches than LIST_EVERY_COACH_UP_TO (a thousand, in a national network):
    the list says how to find them rather than drawing every one; a chosen team lists
    its own; a coach chosen by address is still shown as chosen."""
    monkeypatch.setattr(outcome_forms, "LIST_EVERY_COACH_UP_TO", 1)
    meg, dan = org["meg"], org["dan"]
    url = reverse("outcomes:insights")

    def coach_select(query: str) -> str:
        html = manager_client.get(url + query).content.decode()
        start = html.index('<select name="coach"')
        return html[start : html.index("</select>", start)]

    every = coach_select("")
    assert '<option value="" selected>Every coach (choose a team first)' in every
    assert f'value="{meg.pk}"' not in every and f'value="{dan.pk}"' not in every
    one_team = coach_select(f"?team={meg.team_id}")
    assert f'<option value="{meg.pk}">Meg</option>' in one_team
    assert f'value="{dan.pk}"' not in one_team and "choose a team" not in one_team
    chosen = coach_select(f"?coach={dan.pk}")
    assert f'<option value="{dan.pk}" selected>Dan</option>' in chosen
    assert f'value="{meg.pk}"' not in chosen
    # Choosing a coach from another team is still refused with its reason.
    refused = manager_client.get(url + f"?team={meg.team_id}&coach={dan.pk}")
    assert f"Dan is not in {meg.team.name}" in refused.content.decode()


def test_the_coach_list_keeps_what_was_chosen_and_its_queries_at_any_size(
    org, manager_client, monkeypatch
):
    """A period refused still lists the chosen team's coaches with the coach chosen; a
    coach from another team is shown chosen beside the error; and a chosen coach costs
    no query of its own, in a small network or a large one."""
    meg, dan = org["meg"], org["dan"]
    url = reverse("outcomes:insights")
    monkeypatch.setattr(outcome_forms, "LIST_EVERY_COACH_UP_TO", 1)
    refused = manager_client.get(
        url + f"?start=2025-05-01&end=2025-01-01&team={meg.team_id}&coach={meg.pk}"
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f'<option value="{meg.pk}" selected>Meg</option>' in html
    assert "choose a team first" not in html
    other = manager_client.get(url + f"?team={meg.team_id}&coach={dan.pk}").content.decode()
    assert f'<option value="{dan.pk}" selected>Dan</option>' in other
    assert f"Dan is not in {meg.team.name}" in other

    def queries_to_render(query: str) -> int:
        form = InsightsFilterForm(QueryDict(query))
        assert form.is_valid()
        with CaptureQueriesContext(connection) as queries:
            str(form["coach"])
        return len(queries)

    large = queries_to_render(f"coach={dan.pk}")
    monkeypatch.setattr(outcome_forms, "LIST_EVERY_COACH_UP_TO", 100)
    assert queries_to_render(f"coach={dan.pk}") == large == 1


def test_the_page_draws_charts_with_their_numbers_in_a_table(manager_client, org):
    page = manager_client.get(reverse("outcomes:insights") + "?start=2025-01-01&end=2025-12-31")
    html = page.content.decode()
    charts = html.count('role="img"') + html.count('class="chart-sentence"')
    assert (
        charts >= 4
        and 'width="100%"' in html
        and "<title id=" in html
        and '<caption class="visually-hidden">' in html
    )
    assert "Moving on: the person ended their coaching" in html


def test_coaches_people_and_the_signed_out_cannot_see_insights(client, coach, person):
    for url in [reverse("outcomes:insights"), reverse("outcomes:insights_csv", args=["people"])]:
        client.force_login(coach)
        assert client.get(url).status_code == 403
        client.force_login(person.user)
        assert client.get(url).status_code == 403
        client.logout()
        assert "/accounts/login/" in client.get(url)["Location"]


def _grow(coach, n):
    for i in range(n):
        person = make_person(f"Grown {coach.username} {i}", coach, with_login=False, began_at=at(2))
        services.contact_log(
            person=person,
            coach=coach,
            fields={"occurred_at": at(5), "channel": Contact.Channel.VIDEO},
            barriers=[services.Barrier(f"Service {i}")],
        )
        person.current_relationship.end(by=coach, at=at(6))


def test_the_number_of_queries_does_not_grow_with_the_data(org):
    def count(*, warm):
        if not warm:
            ContactSummary.objects.all().delete()
        figures(YEAR)
        if not warm:
            ContactSummary.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            figures(YEAR)
        return len(queries)

    cold, warm = count(warm=False), count(warm=True)
    _grow(org["meg"], 12)
    assert (count(warm=False), count(warm=True)) == (cold, warm)
    assert warm < cold


def test_kept_month_figures_are_counted_again_when_data_changes(org):
    before = cell(figures(YEAR), "contacts", "Mar 2025")
    assert ContactSummary.objects.get(starts_on=date(2025, 3, 1), span="month").is_current
    services.contact_log(
        person=org["stayer"], coach=org["meg"], fields={"occurred_at": at(3), "channel": "email"}
    )
    assert cell(figures(YEAR), "contacts", "Mar 2025") == before + 1
    # An edit moving a contact to another month changes both months.
    contact = Contact.objects.filter(occurred_at__month=3, channel="email").get()
    services.contact_update(
        contact=contact, expected_version=1, by=org["meg"], fields={"occurred_at": at(4)}
    )
    found = figures(YEAR)
    assert cell(found, "contacts", "Mar 2025") == before
    assert cell(found, "contacts", "Apr 2025") == 4
    # Turning reporting off takes the person's contacts out of every cached month.
    services.sharing_change(
        person=org["stayer"], choice="reporting", allowed=False, by=org["meg"], with_coach=True
    )
    found = figures(YEAR)
    assert cell(found, "contacts", "Mar 2025") == 0
    assert found.tables["themes"].rows == []


def test_kept_people_figures_are_counted_again_when_coaching_changes(org):
    leeds = Filters(start=YEAR.start, end=YEAR.end, team=org["leeds"])
    calderdale = Filters(start=YEAR.start, end=YEAR.end, team=org["calderdale"])

    def people(filters):
        found = figures(filters)
        return [
            cell(found, "people", label)
            for label in ("Began coaching in the period", "Moved on in the period")
        ]

    assert [people(f) for f in (YEAR, leeds, calderdale)] == [[8, 5], [6, 5], [2, 0]]
    assert ContactSummary.objects.get(starts_on=date(2025, 6, 1), span="month").is_current
    # A beginning and an ending back-dated into cached months count at once.
    newcomer = make_person("Newcomer", org["dan"], with_login=False, began_at=at(5))
    newcomer.current_relationship.end(by=org["dan"], at=at(6))
    assert [people(f) for f in (YEAR, leeds, calderdale)] == [[9, 6], [6, 5], [3, 1]]
    # Turning reporting off takes them out of the cached months again.
    services.sharing_change(
        person=newcomer, choice="reporting", allowed=False, by=org["dan"], with_coach=True
    )
    assert [people(f) for f in (YEAR, leeds, calderdale)] == [[8, 5], [6, 5], [2, 0]]
    # An ending counts for the coach of the relationship: handed over after a restart,
    # an earlier ending moves with it to the new coach's team.
    mover = org["movers"][0]
    mover.current_relationship.restart(by=org["meg"], at=at(8))
    mover.current_relationship.hand_over(by=org["meg"], to_coach=org["dan"], at=at(9))
    assert [people(f) for f in (YEAR, leeds, calderdale)] == [[8, 5], [6, 4], [2, 1]]


def test_a_coach_who_changes_team_takes_their_kept_figures_with_them(org, rf):
    leeds = Filters(start=YEAR.start, end=YEAR.end, team=org["leeds"])
    calderdale = Filters(start=YEAR.start, end=YEAR.end, team=org["calderdale"])

    def counts(filters):
        found = figures(filters)
        return [
            cell(found, "people", "Began coaching in the period"),
            cell(found, "people", "Moved on in the period"),
            cell(found, "contacts", "Whole period"),
        ]

    assert [counts(leeds), counts(calderdale)] == [[6, 5, 6], [2, 0, 3]]
    meg = org["meg"]
    meg.team = org["calderdale"]
    form = SimpleNamespace(changed_data=["team"])
    UserAdmin(User, admin.site).save_model(rf.post("/admin/"), meg, form, change=True)
    assert [counts(leeds), counts(calderdale)] == [[0, 0, 0], [8, 5, 9]]


def test_a_summary_of_another_layout_is_counted_again(org):
    figures(YEAR)
    cached = ContactSummary.objects.get(starts_on=date(2025, 3, 1), span="month")
    # As a worker of the release before would write it during a deploy.
    ContactSummary.objects.filter(pk=cached.pk).update(layout=0, totals={"contacts": []})
    assert not ContactSummary.objects.get(pk=cached.pk).is_current
    assert cell(figures(YEAR), "contacts", "Mar 2025") == 6
    assert ContactSummary.objects.get(pk=cached.pk).is_current


def test_kept_figures_are_read_unpacked_until_the_period_is_counted_again(org):
    """A process keeps the figures it has read unpacked, by the count that made them."""
    calderdale = Filters(start=YEAR.start, end=YEAR.end, team=org["calderdale"])
    for filters in (YEAR, calderdale):
        first = figures(filters).as_json()  # counts every month, and keeps them unpacked
        with CaptureQueriesContext(connection) as unpacked:
            again = figures(filters).as_json()
        summaries._unpacked.clear()
        with CaptureQueriesContext(connection) as read:
            assert figures(filters).as_json() == again == first
        # One read for the period, one for the period before (the top barriers' change).
        assert len(read) == len(unpacked) + 2
        assert not any("figures" in q["sql"] or "totals" in q["sql"] for q in unpacked)
    march = ContactSummary.objects.get(starts_on=date(2025, 3, 1), span="month")
    before = cell(figures(YEAR), "contacts", "Mar 2025")
    services.contact_log(
        person=org["stayer"], coach=org["meg"], fields={"occurred_at": at(3), "channel": "email"}
    )
    assert cell(figures(YEAR), "contacts", "Mar 2025") == before + 1
    assert ContactSummary.objects.get(pk=march.pk).build not in (None, march.build)
    # Stored before counts were named: read every time, and right.
    ContactSummary.objects.update(build=None)
    summaries._unpacked.clear()
    assert figures(YEAR).as_json() == figures(YEAR).as_json()
    assert cell(figures(YEAR), "contacts", "Mar 2025") == before + 1


def test_the_migration_names_each_count_stored_before_counts_had_names(org):
    migration = importlib.import_module("coaching.migrations.0023_contact_summary_build")
    figures(YEAR)
    ContactSummary.objects.update(build=None)
    migration.name_every_count(SUMMARIES_MOVED, None)
    builds = list(ContactSummary.objects.values_list("build", flat=True))
    assert None not in builds and len(set(builds)) == len(builds) >= 12


def test_a_count_stored_by_the_release_before_is_unpacked_again(org):
    """During a deploy, a worker of the release before counts a period again without
    naming the count: a process shows what the database holds, not what it had unpacked."""
    assert cell(figures(YEAR), "contacts", "Mar 2025") == 6  # counted, and unpacked here
    march = ContactSummary.objects.get(starts_on=date(2025, 3, 1), span="month")
    mark_stale([at(3)])
    totals = {**march.totals, "contacts": [["email", "coach", 7]]}
    ContactSummary.objects.filter(pk=march.pk).update(totals=totals, built_version=F("version"))
    assert ContactSummary.objects.get(pk=march.pk).build == march.build
    assert cell(figures(YEAR), "contacts", "Mar 2025") == 7


def test_a_process_caches_the_periods_it_read_last(monkeypatch):
    monkeypatch.setattr(summaries, "UNPACKED_MAX", 2)
    unpacked = summaries._Unpacked()
    first, second, third = (("period", n) for n in range(3))
    name = ("build", 1)
    unpacked.put(first, name, {"contacts": [1]})
    unpacked.put(second, name, {"contacts": [2]})
    assert unpacked.get(first, name) == {"contacts": [1]}  # read, so the second goes first
    unpacked.put(third, name, {"contacts": [3]})
    assert unpacked.get(second, name) is None
    assert unpacked.get(first, name) == {"contacts": [1]}
    assert unpacked.get(first, ("build", 2)) is None  # another count of the period
    unpacked.put(first, ("build", 2), {"contacts": [4]})  # in its place, not beside it
    assert unpacked.get(first, name) is None
    assert unpacked.get(first, ("build", 2)) == {"contacts": [4]}
    assert unpacked.get(third, name) == {"contacts": [3]}
    unpacked.put(("period", 9), (None, 1), {"contacts": [5]})  # a count with no name
    assert unpacked.get(("period", 9), (None, 1)) is None


@pytest.mark.parametrize(
    ("lengths", "days"),
    [
        ([], None),
        ([(30, 1)], 30),
        ([(91, 1), (30, 1), (304, 1), (61, 1), (122, 1)], 91),
        ([(10, 1), (20, 1)], 15),
        ([(10, 3), (20, 1)], 10),
        ([(10, 2), (20, 2)], 15),
    ],
)
def test_the_median_of_a_histogram_of_lengths(lengths, days):
    found = insights._median(Counter(dict(lengths)))
    assert found == (None if days is None else timedelta(days=days))


def test_a_write_while_a_month_is_counted_leaves_it_stale_not_wrong(org):
    before = cell(figures(YEAR), "contacts", "Mar 2025")
    march = ContactSummary.objects.get(starts_on=date(2025, 3, 1), span="month")
    stale = {**march.totals, "contacts": []}  # as counted before the write landed
    services.contact_log(
        person=org["stayer"], coach=org["meg"], fields={"occurred_at": at(3), "channel": "email"}
    )
    # The count is stored, as it began from the version it read...
    stored = ContactSummary.objects.filter(pk=march.pk, version=march.version).update(
        built_version=march.version, totals=stale
    )
    assert stored == 1
    # ...but the write's moment, taken in before the next read, makes it stale.
    assert cell(figures(YEAR), "contacts", "Mar 2025") == before + 1
    assert ContactSummary.objects.get(pk=march.pk).version > march.version


def test_marking_a_moment_stale_marks_its_day_and_month_in_one_statement(org):
    figures(YEAR)
    cached = ContactSummary.objects.get(starts_on=date(2025, 3, 1), span="month")
    assert cached.is_current
    with CaptureQueriesContext(connection) as captured:
        mark_stale([at(3, day=20)])
    assert len(captured) == 1
    cached.refresh_from_db()
    assert cached.version == cached.built_version + 1 and not cached.is_current
    # A day no one has counted yet is made, stale, ready to be counted.
    day = ContactSummary.objects.get(starts_on=date(2025, 3, 20), span="day")
    assert day.version == 1 and not day.is_current and day.figures == {}


def test_marking_a_long_history_stale_goes_in_batches(db):
    days = [date(2024, 1, 1) + timedelta(days=n) for n in range(600)]
    with CaptureQueriesContext(connection) as captured:
        mark_stale(days)
    periods = len(days) + len({day.replace(day=1) for day in days})
    assert len(captured) == -(-periods // MARK_BATCH) == 2
    assert ContactSummary.objects.filter(version=1).count() == periods


def test_the_demo_organisation_dashboard_tells_a_story(db):
    call_command("demo_data", stdout=io.StringIO())
    found = figures(Filters.default())
    assert found.left_out == 2
    assert cell(found, "people", "Began coaching in the period") >= 5
    assert cell(found, "contacts", "Whole period") > 100
    assert found.tables["themes"].rows and found.tables["barriers"].rows
    assert found.tables["contract_targets"].rows and found.tables["budgets"].rows
    assert cell(found, "wellbeing", "People with two or more scores") >= 5


def test_a_table_with_nothing_in_it_has_no_rows(db):
    assert figures(YEAR).tables["themes"].rows == []


def test_recount_empties_the_summaries_and_counts_people_now_again(org):
    figures(YEAR)
    assert ContactSummary.objects.exists()
    PeopleNow.objects.update(people=0)  # as after a load with triggers off
    out = io.StringIO()
    call_command("insights", "--recount", "--table", "people", stdout=out)
    assert not ContactSummary.objects.filter(starts_on=date(2025, 3, 1)).exists()
    rows = dict(json.loads(out.getvalue())["tables"]["people"]["rows"])
    assert (rows["Active now"], rows["Paused now"], rows["Ended now"]) == (
        "fewer than 5",
        "fewer than 5",
        5,
    )


def test_part_months_and_today_agree_with_a_live_count(org):
    """A period starting mid-month and ending today: cached days, cached months and the
    live count of today add up to the same figures as counting everything live."""
    today = timezone.localdate()
    services.contact_log(person=org["stayer"], coach=org["meg"], fields={"channel": "letter"})
    services.contact_log(
        person=org["stayer"],
        coach=org["meg"],
        fields={"channel": "letter", "occurred_at": at(3, 20)},
    )
    period = Filters(start=date(2025, 3, 10), end=today)
    first = figures(period).tables["contacts"].rows
    ContactSummary.objects.all().delete()
    assert figures(period).tables["contacts"].rows == first
    assert figures(period).tables["contacts"].rows == first  # from the cached summaries
    # From 10 March: not the six of 1-6 March, but the one of the 20th; Dan's three in
    # April; and today's.
    assert next(r for r in first if r[0] == "Mar 2025")[1] == 1
    assert first[-1][:2] == ["Whole period", 5]


def test_budget_groups_of_fewer_than_five_hide_their_amounts(org):
    from decimal import Decimal

    from budgets import services as budget_services
    from budgets.models import PaymentMethod

    for person in org["movers"][:2]:
        budget_services.request_raise(
            person=person,
            by=org["meg"],
            purpose="A bus pass",
            amount=Decimal("40.00"),
            payment_method=PaymentMethod.VOUCHER,
        )
    today = timezone.localdate()
    found = figures(Filters(start=today.replace(day=1), end=today))
    total = found.tables["budgets"].rows[-1]
    assert total[:2] == ["All requests", 2]
    assert total[4:] == ["not shown"] * 3
    assert found.tables["budgets"].shown_rows()[-1][1] == "fewer than 5"


def test_one_table_is_the_same_counted_alone(org):
    """A CSV download counts only its own table, and gets the same figures."""
    everything = figures(YEAR)
    for key in ["people", "contacts", "themes", "budgets", "contract_caps"]:
        alone = figures(YEAR, only=key)
        assert key in alone.tables
        assert len(alone.tables) < len(everything.tables)
        assert alone.tables[key].rows == everything.tables[key].rows
    assert figures(YEAR, only="no-such-table").tables == {}


def test_budget_amounts_are_pounds_and_pence(org):
    from decimal import Decimal

    from budgets import services as budget_services
    from budgets.models import PaymentMethod

    # A sum a float cannot hold exactly: 272.70000000000005 as a double.
    amounts = ["12.34", "56.78", "90.12", "34.56", "78.90"]
    for amount, person in zip(amounts, org["movers"], strict=True):
        budget_services.request_raise(
            person=person,
            by=org["meg"],
            purpose="A bus pass",
            amount=Decimal(amount),
            payment_method=PaymentMethod.VOUCHER,
        )
    today = timezone.localdate()
    total = figures(Filters(start=today.replace(day=1), end=today)).tables["budgets"].rows[-1]
    assert total[:2] == ["All requests", 5]
    assert str(total[4]) == "272.70"
    assert str(total[5]) == "0.00"


def test_a_downloaded_csv_never_runs_what_someone_typed_as_a_formula(manager_client, org):
    trap = '=HYPERLINK("http://example.com/x","Click")'
    for day in (10, 11):
        services.contact_log(
            person=org["stayer"],
            coach=org["meg"],
            fields={"occurred_at": at(5, day), "channel": "phone"},
            barriers=[
                services.Barrier("Job centre", trap),
                services.Barrier("Job centre", "@SUM(1+1)"),
            ],
        )
    query = "?start=2025-01-01&end=2025-12-31"
    response = manager_client.get(reverse("outcomes:insights_csv", args=["barrier_quotes"]) + query)
    quotes = [row[2] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))]
    assert "'" + trap in quotes and "'@SUM(1+1)" in quotes
    assert not [cell for cell in quotes if cell.startswith(("=", "@", "+", "-"))]
    # A number keeps its sign, as a number or as text ("+5", a change); a sum is marked.
    assert csv_cell(Decimal("-2.5")) == "-2.5" and csv_cell("-2.5") == "-2.5"
    assert csv_cell("+1,234") == "+1,234" and csv_cell("-2+3") == "'-2+3"
    assert csv_cell("+A1") == "'+A1" and csv_cell("-") == "'-"


def test_a_coach_outside_the_chosen_team_is_explained_not_counted_as_nought(manager_client, org):
    dan, meg = org["dan"], org["meg"]
    response = manager_client.get(
        reverse("outcomes:insights") + f"?team={meg.team_id}&coach={dan.pk}"
    )
    assert response.status_code == 400
    assert f"{dan.display_name} is not in {meg.team.name}" in response.content.decode()
    same_team = f"?team={dan.team_id}&coach={dan.pk}"
    assert manager_client.get(reverse("outcomes:insights") + same_team).status_code == 200


def test_a_coach_outside_the_chosen_contracts_teams_is_explained(manager_client, org):
    from django.utils.html import escape

    from tests.outcomes.test_contracts import make_contract

    dan, meg = org["dan"], org["meg"]
    contract = make_contract(meg.team)
    url = reverse("outcomes:insights")
    response = manager_client.get(f"{url}?contract={contract.pk}&coach={dan.pk}")
    assert response.status_code == 400
    said = escape(f"{dan.display_name}'s team is not one of {contract.name}'s")
    assert said in response.content.decode()
    assert manager_client.get(f"{url}?contract={contract.pk}&coach={meg.pk}").status_code == 200


def test_a_chart_of_six_themes_lays_its_keys_out_without_overlap():
    """Six names at 66 units apart ran into each other ("Rights and systems" over
    "Health"): two a line, 200 apart, and the bars start below the last line."""
    from outcomes.charts import BAR_HEIGHT, bar_chart

    names = ["Wellbeing", "Rights and systems", "Health", "Interests", "Money", "Learning"]
    table = Table(
        key="themes",
        title="What mattered",
        columns=["Month", *names],
        rows=[["Jan 2025", 6, 7, 8, 9, 10, 11]],
        chart=list(range(1, 7)),
    )
    chart = bar_chart(table)
    lines: dict = {}
    for key in chart.keys:
        lines.setdefault(key.y, []).append(key.x)
    assert [len(xs) for xs in lines.values()] == [2, 2, 2]
    assert all(xs == [0, 50] for xs in lines.values())  # percent of the width
    assert min(bar.y for bar in chart.bars) > max(lines) + BAR_HEIGHT


def test_a_coach_picks_only_the_contracts_their_team_is_in(manager_client, org):
    from tests.outcomes.test_contracts import make_contract

    dan, meg = org["dan"], org["meg"]
    contract = make_contract(meg.team)
    url = reverse("outcomes:insights")
    for coach, shown in [(meg, True), (dan, False)]:
        found = manager_client.get(f"{url}?coach={coach.pk}").context["figures"]
        rows = found.tables["contract_caps"].rows
        assert [row[0] for row in rows] == ([contract.name] if shown else [])


def test_a_coach_who_has_left_is_marked_in_the_coach_filter(org):
    dan = org["dan"]
    dan.is_active = False
    dan.save(update_fields=["is_active"])
    rendered = str(InsightsFilterForm()["coach"])
    assert f'<option value="{dan.pk}">Dan (has left)</option>' in rendered
    assert f'<option value="{org["meg"].pk}">Meg</option>' in rendered


def test_a_table_and_its_chart_are_written_escaped_with_their_figures():
    """figures_table and figures_chart write the dashboard's tables in Python, not the
    template's autoescaping: what was typed (a theme's name) is text, counts from 1 to
    4 are "fewer than 5", and the figures columns are marked as numbers."""
    table = Table(
        key="themes",
        title="What <mattered>",
        columns=["Theme", "Contacts", "People"],
        rows=[['<img src=x onerror="alert(1)">', 12, 3], ["Money & debt", 40, 20]],
        chart=[1],
    )
    html = figures_table(table) + figures_chart(table, bar_chart(table))
    assert "<img" not in html and "<mattered>" not in html
    assert '<th scope="row">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</th>' in html
    assert '<td class="num">12</td><td class="num">fewer than 5</td>' in html
    assert '<th scope="col">Theme</th><th scope="col" class="num">Contacts</th>' in html
    assert ">Money &amp; debt</text>" in html and '<title id="c-themes-title">' in html
    assert '<caption class="visually-hidden">What &lt;mattered&gt;</caption>' in html


def test_a_filter_sent_back_with_a_message_keeps_the_period_it_was_for(manager_client, org):
    dan, meg = org["dan"], org["meg"]
    default = Filters.default()
    page = manager_client.get(
        reverse("outcomes:insights") + f"?team={meg.team_id}&coach={dan.pk}"
    ).content.decode()
    assert f"Dan is not in {meg.team.name}" in page
    assert f'name="start" value="{default.start.isoformat()}"' in page
    assert f'name="end" value="{default.end.isoformat()}"' in page
