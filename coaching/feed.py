"""What a coach's people did since the coach last looked, for the coach's home."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from coaching.models import Activity, User

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


def coach_feed(coach: User, *, now: datetime | None = None) -> Feed:
    """The activity of the coach's current people since their last visit; marks this look.

    One query whatever the numbers, the items: the last look is read with the coach's
    sign-in. A second, at most once a minute, marks the look.
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
    items = list(
        Activity.objects.filter(
            person__current_relationship__coach=coach,
            occurred_at__gt=since,
            occurred_at__lte=now,
        )
        .select_related("person")
        .order_by("-occurred_at", "-pk")[: FEED_LIMIT + 1]
    )
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
