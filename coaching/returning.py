"""Coming back continues the story.

When a coach takes a request from /ask/ or adds a person, people they walked with
before whose coaching has ended and who look like the same person (the same name and
area, the same phone or email on a request, the same date of birth) are offered. With
the person's agreement their relationship restarts, with all of their story, instead
of a second record being made. Nothing is ever joined without the coach choosing it,
and only people the coach can already open are offered (Person.objects.for_coach).
"""

from datetime import date

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Replace

from coaching.models import InvalidTransition, Person, Relationship, RelationshipEvent, User

MOST_OFFERED = 5


def _bare(text: str) -> str:
    """A phone number or email as compared: no spaces or dashes, lower case."""
    return text.replace(" ", "").replace("-", "").lower()


def earlier_records(
    *,
    coach: User,
    name: str,
    area: str = "",
    reach_details: str = "",
    date_of_birth: date | None = None,
) -> list[Person]:
    """People this coach walked with, whose coaching ended, who may be this person."""
    name, area, reach = name.strip(), area.strip(), _bare(reach_details.strip())
    likely = Q(pk__in=[])
    if name:
        likely |= Q(name__iexact=name, area__iexact=area) if area else Q(name__iexact=name)
    if date_of_birth is not None:
        likely |= Q(details__date_of_birth=date_of_birth)
    people = Person.objects.for_coach(coach).filter(
        current_relationship__state=Relationship.State.ENDED
    )
    if reach:
        bare = Lower(Replace(Replace(F("coach_requests__reach_details"), Value(" ")), Value("-")))
        people = people.alias(reached_at=bare)
        likely |= Q(reached_at=reach)
    return list(
        people.filter(likely)
        .select_related("current_relationship")
        .distinct()
        .order_by("name", "pk")[:MOST_OFFERED]
    )


def person_return(
    *, person: Person, coach: User, by: User, asked_by_person: bool = False
) -> RelationshipEvent:
    """Continue an ended person's story with the coach who walked with them: their
    relationship restarts, recorded as their decision (they agreed to it).

    Under the relationship's lock; coaching restarted meanwhile is refused in words."""
    with transaction.atomic():
        relationship = Relationship.objects.select_for_update().get(
            pk=person.current_relationship_id
        )
        if relationship.coach_id != coach.pk:
            raise InvalidTransition(f"{person.name} now walks with another coach.")
        if relationship.state != Relationship.State.ENDED:
            raise InvalidTransition(f"{person.name}'s coaching has already restarted.")
        event = relationship.restart(by=by, asked_by_person=asked_by_person)
    person.current_relationship = relationship
    return event
