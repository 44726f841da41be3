""" "Download my data" holds every table keyed to the person, or the page says why not."""

from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from coaching.export import LEFT_OUT, gather
from coaching.models import Person, User

# Keyed to the person without a foreign key: sessions hold the user id in their data,
# the audit log holds it as a plain id.
KEYED_WITHOUT_A_FOREIGN_KEY = {"sessions.Session", "coaching.AuditEvent"}


def _tables_keyed_to_a_person() -> set[str]:
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in (User, Person)
    } | KEYED_WITHOUT_A_FOREIGN_KEY


def test_every_table_keyed_to_a_person_is_in_the_download_or_said_why_not(person):
    in_sections = {table for section in gather(person) for table in section.tables}
    undecided = _tables_keyed_to_a_person() - in_sections - set(LEFT_OUT)
    assert not undecided, (
        f"Put these in a section of Download my data, or in LEFT_OUT with a reason: {undecided}"
    )
    assert not in_sections & set(LEFT_OUT), "a table is both in the download and left out"


def test_the_page_says_what_is_left_out_and_why(person_client):
    page = person_client.get(reverse("coaching:me_data")).content.decode()
    assert "What is not in here, and why" in page
    for reason in LEFT_OUT.values():
        assert escape(str(reason)) in page


def test_sign_ins_activity_and_sessions_are_in_the_download(client, person):
    from tests.conftest import PASSWORD

    client.post(
        "/accounts/login/",
        {"login": person.user.username, "password": PASSWORD},
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0",
    )
    client.post(reverse("coaching:me_delete"))
    sections = client.get(reverse("coaching:me_data_json")).json()["sections"]
    assert [row["what"] for row in sections["what_you_did"]["rows"]] == [
        "You asked for your record to be deleted"
    ]
    session = sections["where_you_are_signed_in"]["rows"][0]
    assert session["on"] == "Chrome on an Android phone or tablet"
    assert session["internet_address"] == "127.0.0.1"
    assert {"when", "what"} <= set(sections["sign_ins"]["rows"][0])
    assert sections["sign_ins"]["rows"][0]["what"] == "You signed in"


def test_a_coachs_printed_copy_leaves_out_where_the_person_signed_in(coach_client, person):
    page = coach_client.get(reverse("coaching:data", args=[person.pk])).content.decode()
    assert "Where you are signed in" not in page
    assert "When you signed in and out" not in page
