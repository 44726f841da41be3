"""What a coach's people did since the coach last looked, for the coach's home."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from coaching.models import Activity, CoachSeen, User

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

    Three queries whatever the numbers: the last look, the items, the new mark (two
    within a minute of the last mark).
    Every kind of Activity shows here by its own label, so new kinds add themselves.
    """
    now = now or timezone.now()
    seen = CoachSeen.objects.filter(coach=coach).values_list("feed_since", "last_looked_at")
    seen = seen.first()
    if seen is None:
        since = now - timedelta(days=FIRST_LOOK_DAYS)
    elif now - seen[1] > VISIT_GAP:
        since = seen[1]
    else:
        since = seen[0]
    items = list(
        Activity.objects.filter(
            person__current_relationship__coach=coach,
            occurred_at__gt=since,
            occurred_at__lte=now,
        )
        .select_related("person")
        .order_by("-occurred_at", "-pk")[: FEED_LIMIT + 1]
    )
    if seen is None:
        # One INSERT ... ON CONFLICT DO NOTHING: two tabs opened at once both succeed.
        CoachSeen.objects.bulk_create(
            [CoachSeen(coach=coach, last_looked_at=now, feed_since=since)], ignore_conflicts=True
        )
    elif now - seen[1] >= MARK_RESOLUTION:
        CoachSeen.objects.filter(coach=coach, last_looked_at__lt=now).update(
            last_looked_at=now, feed_since=since
        )
    return Feed(
        since=since, first_look=seen is None, items=items[:FEED_LIMIT], more=len(items) > FEED_LIMIT
    )
