"""The counts of people by the state of their coaching today (outcomes.people_now) stay
what counting every person from the rows gives, through every way coaching and reporting
change."""

import threading
import time
from collections import Counter

import pytest
from django.core import checks
from django.db import connection, transaction

from coaching import history, services
from coaching.models import AuditEvent, Person, Relationship, RelationshipEvent
from outcomes import people_now
from outcomes.models import PeopleNow, PersonCounted
from outcomes.triggers import cached_figures_triggers
from tests.conftest import make_coach, make_manager, make_person, make_team


def counted() -> Counter:
    """Every person who allows reporting, by their current relationship's coach and
    state: what the cached counts must always say."""
    return Counter(
        (coach, state)
        for coach, state in Person.objects.filter(
            share_reporting=True, current_relationship__isnull=False
        ).values_list("current_relationship__coach", "current_relationship__state")
    )


def cached() -> Counter:
    counts = Counter()
    for coach, state, people in PeopleNow.objects.values_list("coach", "state", "people"):
        counts[(coach, state)] += people
    return +counts  # rows counted down to nought are left in the table


@pytest.fixture
def two_coaches(db):
    meg = make_coach("meg")
    tom = make_coach("tom", team=make_team("Leeds South"))
    return meg, tom


def test_every_change_to_coaching_and_reporting_keeps_the_counts(two_coaches):
    meg, tom = two_coaches
    sam = make_person("Sam", coach=meg)
    ana = make_person("Ana", coach=meg)
    make_person("Joe", coach=tom)
    assert cached() == counted() == Counter({(meg.pk, "active"): 2, (tom.pk, "active"): 1})

    steps = [
        lambda: sam.current_relationship.pause(by=sam.user),
        lambda: sam.current_relationship.resume(by=sam.user),
        lambda: ana.current_relationship.end(by=ana.user),
        # Another coach after an ending: a new relationship becomes the current one.
        lambda: services.relationship_restart(person=ana, by=ana.user, coach=tom),
        lambda: services.sharing_change(person=sam, choice="reporting", allowed=False, by=sam.user),
        lambda: sam.current_relationship.end(by=sam.user),  # counted by no one
        lambda: services.sharing_change(person=sam, choice="reporting", allowed=True, by=sam.user),
        lambda: ana.current_relationship.hand_over(by=make_manager(), to_coach=meg),
        lambda: Person.objects.get(pk=ana.pk).save(),  # a full save changes nothing
        # Written past the services, as a shell might: the event moves the state on.
        lambda: RelationshipEvent.objects.create(
            relationship=Relationship.objects.get(person=sam), kind="paused"
        ),
        lambda: Relationship.objects.filter(coach=meg).update(coach=tom),
    ]
    for number, step in enumerate(steps, start=1):
        step()
        for person in (sam, ana):
            person.refresh_from_db()
        assert cached() == counted(), f"after step {number}"
    assert counted()[(tom.pk, "paused")] == 1  # the steps did move people about


def test_a_person_erased_or_deleted_is_counted_no_more(two_coaches):
    meg, _ = two_coaches
    sam = make_person("Sam", coach=meg)
    ana = make_person("Ana", coach=meg)
    deletion = services.deletion_request_make(person=sam, by=sam.user)
    services.person_erase(deletion=deletion, by=make_manager())
    assert cached() == counted() == Counter({(meg.pk, "active"): 1})
    # Deleted past the service, by the one path the database lets history go.
    with history.erasing(ana, by=None, action=AuditEvent.Action.RECORD_ERASED):
        Person.objects.filter(pk=ana.pk).delete()
    assert cached() == counted() == Counter()
    assert not PersonCounted.objects.exists()


def test_the_dashboard_reads_the_cached_counts(two_coaches, manager_client):
    meg, tom = two_coaches
    make_person("Sam", coach=meg)
    make_person("Ana", coach=tom).current_relationship.pause(by=None)
    rows = dict(manager_client.get("/insights/").context["figures"].tables["people"].rows)
    assert (rows["Active now"], rows["Paused now"], rows["Ended now"]) == (1, 1, 0)
    # Counts made wrong by hand show as they are: the page reads what is cached...
    PeopleNow.objects.filter(coach=meg).update(people=7)
    rows = dict(manager_client.get("/insights/").context["figures"].tables["people"].rows)
    assert rows["Active now"] == 7
    # ...until they are counted again.
    people_now.recount()
    assert cached() == counted()
    rows = dict(manager_client.get("/insights/").context["figures"].tables["people"].rows)
    assert rows["Active now"] == 1


def test_a_write_that_changes_nothing_appends_nothing(two_coaches):
    meg, _ = two_coaches
    sam = make_person("Sam", coach=meg)
    rows = PeopleNow.objects.count()
    Person.objects.get(pk=sam.pk).save()  # every column written, reporting choice included
    Relationship.objects.get(pk=sam.current_relationship_id).save()
    assert PeopleNow.objects.count() == rows
    sam.current_relationship.pause(by=sam.user)
    assert PeopleNow.objects.count() == rows + 2  # -1 active, +1 paused


def test_changes_are_folded_once_many_are_read(two_coaches, manager_client, monkeypatch):
    meg, tom = two_coaches
    sam = make_person("Sam", coach=meg)
    make_person("Joe", coach=tom)
    for _ in range(3):
        sam.current_relationship.pause(by=sam.user)
        sam.current_relationship.resume(by=sam.user)
    assert PeopleNow.objects.count() == 2 + 12
    monkeypatch.setattr(people_now, "FOLD_AFTER", 20)
    manager_client.get("/insights/")
    assert PeopleNow.objects.count() == 14  # under the limit: left as they are
    monkeypatch.setattr(people_now, "FOLD_AFTER", 5)
    rows = dict(manager_client.get("/insights/").context["figures"].tables["people"].rows)
    assert rows["Active now"] == 2
    # One row per coach and state left, those counted down to nought gone.
    assert sorted(PeopleNow.objects.values_list("coach", "state", "people")) == sorted(
        [(meg.pk, "active", 1), (tom.pk, "active", 1)]
    )
    assert cached() == counted()


def test_a_person_written_before_their_relationship_is_counted_when_it_comes(two_coaches):
    """As a load with foreign keys checked at commit may write them."""
    meg, _ = two_coaches
    with transaction.atomic():
        person = Person.objects.create(name="Loaded", current_relationship_id=987_654)
        Relationship.objects.create(pk=987_654, person=person, coach=meg, state="paused")
    assert cached() == counted() == Counter({(meg.pk, "paused"): 1})


def test_a_missing_counting_trigger_is_reported(db):
    assert cached_figures_triggers(databases=["default"]) == []
    name = "figures_people_now_person"
    name += "" if connection.vendor == "postgresql" else "_insert"
    with connection.cursor() as cursor:
        on = " ON coaching_person" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER {name}{on}")
    [error] = cached_figures_triggers(databases=["default"])
    assert isinstance(error, checks.Error) and name in error.msg
    from outcomes import triggers

    triggers.install_triggers()
    assert cached_figures_triggers(databases=["default"]) == []


def test_writes_made_while_a_trigger_was_missing_are_counted_when_it_is_made(two_coaches):
    """As after a migration that rebuilds a table on SQLite, which drops its triggers
    until migrate makes them again."""
    from outcomes.triggers import install_triggers

    meg, _ = two_coaches
    sam = make_person("Sam", coach=meg)
    postgres = connection.vendor == "postgresql"
    name = "figures_people_now_relationship" + ("" if postgres else "_update")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}{' ON coaching_relationship' if postgres else ''}")
    sam.current_relationship.pause(by=sam.user)
    assert cached() != counted()  # the pause went uncounted
    install_triggers()
    assert cached() == counted() == Counter({(meg.pk, "paused"): 1})


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_changing_one_person_leave_the_counts_right():
    """One turns reporting back on while the other ends their coaching. Had the second
    counted the person from what it saw (not reporting) it would leave them counted
    as active. It waits for the first instead (the counts' trigger takes a lock on the
    person), then counts them from the first's committed rows."""
    meg = make_coach("meg")
    sam = make_person("Sam", coach=meg)
    Person.objects.filter(pk=sam.pk).update(share_reporting=False)
    relationship = sam.current_relationship
    errors = _at_once(
        [
            lambda: Person.objects.filter(pk=sam.pk).update(share_reporting=True),
            lambda: None,
        ],
        lambda: Relationship.objects.get(pk=relationship.pk).end(by=None),
    )
    assert errors == []
    assert cached() == counted() == Counter({(meg.pk, "ended"): 1})


def _at_once(first_steps, second_step) -> list:
    """Run `first_steps` (two callables) in one transaction and `second_step` in
    another, the second begun between the first's two steps and given time to wait on
    it; return what either raised (a deadlock, say)."""
    between, going = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                first_steps[0]()
                between.set()
                going.wait(5)
                time.sleep(0.5)  # the second is now waiting, if it waits at all
                first_steps[1]()
        except Exception as error:  # noqa: BLE001 -- reported to the test
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            between.wait(5)
            going.set()
            with transaction.atomic():
                second_step()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_coachs_people_changing_at_once_do_not_deadlock():
    """Ending Joe and pausing Sam in one transaction while Ana resumes in another: with
    counts updated in place the two took the same coach's rows in opposite orders."""
    meg = make_coach("meg")
    sam, ana, joe = (make_person(name, coach=meg) for name in ("Sam", "Ana", "Joe"))
    ana.current_relationship.pause(by=None)

    def step(person, take):
        return lambda: getattr(Relationship.objects.get(person=person), take)(by=None)

    errors = _at_once([step(joe, "end"), step(sam, "pause")], step(ana, "resume"))
    assert errors == []
    assert (
        cached()
        == counted()
        == Counter({(meg.pk, "active"): 1, (meg.pk, "paused"): 1, (meg.pk, "ended"): 1})
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_step_in_coaching_and_a_new_name_at_once_do_not_deadlock():
    """A step in someone's coaching writes its event (whose history trigger takes a
    row of the person's) before the relationship; renaming them takes their row first.
    The counts' trigger locks neither, so the two do not wait on each other in turn."""
    meg = make_coach("meg")
    sam = make_person("Sam", coach=meg)
    relationship = sam.current_relationship

    errors = _at_once(
        [
            lambda: RelationshipEvent.objects.create(
                relationship=relationship, kind="paused", reason="Kids are off school"
            ),
            # The state the event set, written again as a shell might: agreeing with it.
            lambda: Relationship.objects.filter(pk=relationship.pk).update(state="paused"),
        ],
        lambda: Person.objects.filter(pk=sam.pk).update(name="Sam J"),
    )
    assert errors == []
    assert cached() == counted() == Counter({(meg.pk, "paused"): 1})
