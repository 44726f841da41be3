"""What a coach's people did since the coach last looked, for the coach's home."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from coaching.models import Activity, Person, User
from coaching.reading import as_instances, rows_planned, stand_in_coach

FEED_LIMIT = 50
# A coach's very first look shows the last fortnight rather than nothing.
FIRST_LOOK_DAYS = 14
# Looks closer together than this are one visit, sharing one "since you last looked".
VISIT_GAP = timedelta(minutes=30)
# A look is marked at most once a minute: a coach going back and forth between their
# list and their people would otherwise write on every view. The mark may then lag the
# last look by a minute, so a new visit may show that minute again, never miss it.
MARK_RESOLUTION = timedelta(minutes=1)


@dataclass
class Feed:
    since: datetime
    first_look: bool
    items: list[Activity]
    more: bool


# Moments no real row has, in place of the look's, in the feed's query built once
# (coaching.reading.rows_planned; the coach's: reading.stand_in_coach).
STAND_IN_SINCE = datetime(1901, 3, 4, tzinfo=UTC)
STAND_IN_NOW = datetime(1901, 3, 5, tzinfo=UTC)
ACTIVITY_FIELDS = ["pk", "kind", "occurred_at", "person_id"]


def coach_feed(coach: User, *, now: datetime | None = None) -> Feed:
    """The activity of the coach's current people since their last visit; marks this look.

    One query whatever the numbers, the items, built once: the last look is read with
    the coach's sign-in. A second, at most once a minute, marks the look.
    Every kind of Activity shows here by its own label, so new kinds add themselves.
    """
    now = now or timezone.now()
    looked_at = coach.feed_looked_at
    if looked_at is None:
        since = now - timedelta(days=FIRST_LOOK_DAYS)
    elif now - looked_at > VISIT_GAP:
        since = looked_at
    else:
        since = coach.feed_since
    stand_in, values = stand_in_coach(coach)
    found = rows_planned(
        "coach's feed",
        lambda: _items(stand_in, STAND_IN_SINCE, STAND_IN_NOW),
        values | {STAND_IN_SINCE: since, STAND_IN_NOW: now},
    )
    items = []
    for *fields, name in found:
        (activity,) = as_instances(Activity, [dict(zip(ACTIVITY_FIELDS, fields, strict=True))])
        (activity.person,) = as_instances(Person, [{"pk": activity.person_id, "name": name}])
        items.append(activity)
    if looked_at is None or now - looked_at >= MARK_RESOLUTION:
        # Never back: a look that began earlier may be marked after a later one.
        not_after = Q(feed_looked_at__isnull=True) | Q(feed_looked_at__lt=now)
        User.objects.filter(not_after, pk=coach.pk).update(feed_looked_at=now, feed_since=since)
    return Feed(
        since=since,
        first_look=looked_at is None,
        items=items[:FEED_LIMIT],
        more=len(items) > FEED_LIMIT,
    )


def _items(coach: User, since: datetime, now: datetime):
    return (
        Activity.objects.filter(
            person__current_relationship__coach=coach,
            occurred_at__gt=since,
            occurred_at__lte=now,
        )
        .order_by("-occurred_at", "-pk")
        .values_list(*ACTIVITY_FIELDS, "person__name")[: FEED_LIMIT + 1]
    )
