"""The shared reporting rule that every figure and export goes through."""

from coaching import reporting
from coaching.models import Contact, Person, RelationshipEvent
from coaching.services import contact_log
from tests.conftest import make_person


def test_people_who_turned_reporting_off_are_left_out(coach):
    counted = make_person("Sam", coach)
    hidden = make_person("Jo", coach)
    Person.objects.filter(pk=hidden.pk).update(share_reporting=False)
    assert list(Person.objects.counted_in_reports()) == [counted]
    assert list(reporting.counted(Person.objects.all(), person_path="")) == [counted]
    assert reporting.left_out_count() == 1


def test_rows_about_a_person_follow_the_persons_choice(coach):
    counted = make_person("Sam", coach)
    hidden = make_person("Jo", coach)
    for person in (counted, hidden):
        contact_log(person=person, coach=coach, fields={"channel": "phone"})
    Person.objects.filter(pk=hidden.pk).update(share_reporting=False)
    assert [c.person for c in reporting.counted(Contact.objects.all())] == [counted]
    events = reporting.counted(RelationshipEvent.objects.all(), "relationship__person")
    assert [e.relationship.person for e in events] == [counted]


def test_turning_reporting_back_on_counts_the_person_at_once(coach):
    person = make_person("Sam", coach)
    Person.objects.filter(pk=person.pk).update(share_reporting=False)
    assert reporting.counted(Person.objects.all(), "").count() == 0
    Person.objects.filter(pk=person.pk).update(share_reporting=True)
    assert reporting.counted(Person.objects.all(), "").count() == 1
