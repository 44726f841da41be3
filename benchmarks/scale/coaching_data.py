"""The generated organisation's teams, coaches, managers and people, with their
stories: contact, steps of their coaching and sharing choices (see
benchmarks/scale/generate.py).
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction

from benchmarks.scale.world import (
    AREAS,
    BENCH_MANAGER,
    LONG_HISTORY_USER,
    MAX_STORY_DAYS,
    PEOPLE_PER_BATCH,
    SAVING_PERSON_NAME,
    SURNAMES,
    World,
)
from coaching.management.commands.demo_data import (
    BARRIERS,
    CONNECTIONS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    END_REASONS,
    NOTES,
    PAUSE_REASONS,
    PEOPLE,
    PLACES,
    VOICE_NOTES,
)
from coaching.models import (
    Activity,
    Contact,
    Person,
    Relationship,
    RelationshipEvent,
    SharingChange,
    SystemBarrier,
    Team,
    Theme,
    User,
)


def coaching(world: World) -> None:
    """Teams, coaches and a manager, then people with their stories, in batches."""
    with transaction.atomic():
        _staff(world)
    builder = StoryBuilder(world)
    for start in range(0, world.size.people, PEOPLE_PER_BATCH):
        with transaction.atomic():
            builder.people(range(start, min(start + PEOPLE_PER_BATCH, world.size.people)))


def _staff(world: World) -> None:
    size, now = world.size, world.now
    team_ids = world.ids(Team, size.teams)
    world.team_ids = list(team_ids)
    world.team_areas = {tid: AREAS[i % len(AREAS)] for i, tid in enumerate(team_ids)}
    world.insert(
        Team,
        ["id", "name", "area"],
        [
            (tid, f"{world.prefix}{world.team_areas[tid]} {i + 1:03d}", world.team_areas[tid])
            for i, tid in enumerate(team_ids)
        ],
    )
    world.password = password = make_password(DEMO_PASSWORD)
    coach_ids = world.ids(User, size.coaches)
    world.coach_ids = list(coach_ids)
    rows = []
    for i, uid in enumerate(coach_ids):
        team = world.team_ids[i % size.teams]
        world.coach_team[uid] = team
        first = PEOPLE[i % len(PEOPLE)]
        rows.append(
            _user_row(
                uid, f"{world.prefix}coach{i + 1:04d}", first, User.Role.COACH, team, password, now
            )
        )
    (manager_id,) = world.ids(User, 1)
    world.manager_ids = [manager_id]
    rows.append(
        _user_row(
            manager_id, world.prefix + BENCH_MANAGER, "Ruth", User.Role.MANAGER, None, password, now
        )
    )
    world.insert(User, USER_COLUMNS, rows)
    _second_factors([*world.coach_ids, *world.manager_ids])


USER_COLUMNS = [
    "id", "password", "is_superuser", "username", "first_name", "last_name", "email",
    "is_staff", "is_active", "date_joined", "role", "team_id",
]  # fmt: skip


def _user_row(uid, username, first, role, team_id, password, now) -> tuple:
    email = f"{username}@scale.example.org" if role != User.Role.PERSON else ""
    last = SURNAMES[uid % len(SURNAMES)]
    return (uid, password, False, username, first, last, email, False, True, now, role, team_id)


def _second_factors(user_ids: list[int]) -> None:
    """Staff need a second factor to reach their pages; all share the demo secret."""
    if not user_ids:
        return
    first = TOTP.activate(User.objects.get(pk=user_ids[0]), DEMO_TOTP_SECRET).instance
    Authenticator.objects.bulk_create(
        [Authenticator(user_id=uid, type=first.type, data=first.data) for uid in user_ids[1:]],
        batch_size=1000,
    )


@dataclass
class Story:
    """One person's life with coaching: moments in order, as days from its start."""

    contacts: list[tuple[float, bool, int]]  # day, late in an episode, coach
    events: list[tuple[str, float, int]]  # kind, day, coach at that moment
    state: str
    coach: int
    began_at: datetime

    def when(self, day: float) -> datetime:
        return self.began_at + timedelta(days=day)


THROUGH = Contact.themes.through
# The order rows are written in; foreign keys are checked at commit.
ROW_COLUMNS = {
    User: USER_COLUMNS,
    Person: [
        "id", "name", "area", "user_id", "current_relationship_id", "created_at",
        "share_notes", "share_wellbeing", "share_reporting", "share_cover",
    ],
    Relationship: ["id", "person_id", "coach_id", "state", "created_at"],
    RelationshipEvent: [
        "relationship_id", "kind", "occurred_at", "recorded_by_id", "person_decided",
        "asked_by_person", "reason", "paused_until", "coach_id",
    ],
    Contact: [
        "id", "person_id", "coach_id", "occurred_at", "channel", "reached_out_by", "place",
        "minutes", "notes", "connections", "version", "created_at", "updated_at",
    ],
    THROUGH: ["contact_id", "theme_id"],
    SystemBarrier: [
        "contact_id", "category", "service", "what_happened", "raised_with_service",
        "followed_up",
    ],
    Activity: ["person_id", "kind", "occurred_at"],
    SharingChange: ["person_id", "choice", "allowed", "changed_at", "changed_by_id", "with_coach"],
}  # fmt: skip
CHANNELS = [Contact.Channel.IN_PERSON] * 4 + [
    Contact.Channel.PHONE,
    Contact.Channel.TEXT,
    Contact.Channel.VIDEO,
]
REACHED = [Contact.ReachedOutBy.COACH, Contact.ReachedOutBy.PERSON]
Kind = RelationshipEvent.Kind


class StoryBuilder:
    def __init__(self, world: World):
        self.world = world
        self.rng = world.rng
        self.theme_ids = list(Theme.objects.values_list("pk", flat=True))
        self.mean_contacts = max(world.size.contacts / max(world.size.people, 1), 1)
        self.coaches_by_team: dict[int, list[int]] = {}
        for coach, team in world.coach_team.items():
            self.coaches_by_team.setdefault(team, []).append(coach)

    def people(self, indexes: range) -> None:
        world, rng = self.world, self.rng
        rows: dict[type, list[tuple]] = {model: [] for model in ROW_COLUMNS}
        person_ids = world.ids(Person, len(indexes))
        relationship_ids = world.ids(Relationship, len(indexes))
        for index, pid, rid in zip(indexes, person_ids, relationship_ids, strict=True):
            # The bench coach's first person has the long story; the second takes new contacts.
            is_long = index == 0
            coach = world.coach_ids[0 if index < 2 else index % len(world.coach_ids)]
            target = world.size.long_history if is_long else self._contact_count()
            story = self._story(target, coach, keep_active=index < 2)
            user_id = None
            if is_long or rng.random() < 0.3:
                (user_id,) = world.ids(User, 1)
                username = world.prefix + LONG_HISTORY_USER if is_long else f"person{pid:07d}"
                rows[User].append(
                    _user_row(
                        user_id, username, "", User.Role.PERSON, None, world.password, world.now
                    )
                )
                world.person_user[pid] = user_id
            name = SAVING_PERSON_NAME if index == 1 else self._name(index)
            reporting, wellbeing = rng.random() > 0.04, rng.random() > 0.03
            area = world.team_areas[world.coach_team[coach]]
            rows[Person].append(
                (pid, name, area, user_id, rid, story.began_at, True, wellbeing, reporting, False)
            )
            rows[Relationship].append((rid, pid, story.coach, story.state, story.began_at))
            world.person_coach[pid] = story.coach
            world.person_began[pid] = story.began_at
            if story.state == Relationship.State.ENDED:
                world.person_ended[pid] = story.when(
                    max(day for kind, day, _ in story.events if kind == Kind.ENDED)
                )
            if wellbeing:
                world.allows_wellbeing.add(pid)
            self._events(rows, rid, pid, user_id, story)
            self._contacts(rows, pid, name.split()[0], story)
            for choice, allowed in (("reporting", reporting), ("wellbeing", wellbeing)):
                if not allowed:
                    when = story.when(rng.uniform(0.5, 20))
                    rows[SharingChange].append((pid, choice, False, when, user_id, False))
        for model, columns in ROW_COLUMNS.items():
            world.insert(model, columns, rows[model])

    def _contact_count(self) -> int:
        # Most people have a short story and a few a very long one; the mean is as asked.
        return max(1, min(round(self.rng.expovariate(1 / self.mean_contacts)), 600))

    def _name(self, index: int) -> str:
        first = PEOPLE[index % len(PEOPLE)]
        return f"{first} {SURNAMES[(index // len(PEOPLE)) % len(SURNAMES)][0]}."

    def _story(self, target: int, coach: int, *, keep_active: bool) -> Story:
        """Episodes of a burst thinning out; between them a pause or an ending and restart."""
        rng = self.rng
        team_coaches = self.coaches_by_team[self.world.coach_team[coach]]
        earlier = coach
        if len(team_coaches) > 1 and target > 2 and rng.random() < 0.05:
            earlier = rng.choice([c for c in team_coaches if c != coach])
        handover_at = rng.randint(1, target - 1) if earlier != coach else None
        events: list[tuple[str, float, int]] = [(Kind.BEGAN, 0.0, earlier)]
        contacts: list[tuple[float, bool, int]] = []
        day, left, current = 0.5, target, earlier
        while left:
            episode = min(left, rng.randint(20, 45))
            for step in range(episode):
                if len(contacts) == handover_at:
                    current = coach
                    events.append((Kind.HANDED_OVER, day - 0.2, coach))
                contacts.append((day, step >= 24, current))
                day += _gap(rng, step)
            left -= episode
            last = contacts[-1][0]
            if left:
                pause = rng.random() < 0.5
                stop, go = (Kind.PAUSED, Kind.RESUMED) if pause else (Kind.ENDED, Kind.RESTARTED)
                away = rng.uniform(28, 90) if pause else rng.uniform(60, 240)
                events.append((stop, last + 1, current))
                events.append((go, last + 1 + away, current))
                day = last + 2 + away
        state = Relationship.State.ACTIVE
        fate = 0.0 if keep_active else rng.random()
        if fate > 0.77:
            state, kind = Relationship.State.ENDED, Kind.ENDED
        elif fate > 0.65:
            state, kind = Relationship.State.PAUSED, Kind.PAUSED
        if state != Relationship.State.ACTIVE:
            events.append((kind, contacts[-1][0] + rng.uniform(1, 10), coach))
        span = max(events[-1][1], contacts[-1][0])
        squeeze = min(1.0, MAX_STORY_DAYS / span)
        quiet = rng.uniform(0.5, 50)
        began_at = self.world.now - timedelta(days=span * squeeze + quiet)
        return Story(
            contacts=[(d * squeeze, late, c) for d, late, c in contacts],
            events=sorted(((k, d * squeeze, c) for k, d, c in events), key=lambda e: e[1]),
            state=state,
            coach=coach,
            began_at=began_at,
        )

    def _events(self, rows, rid: int, pid: int, user_id: int | None, story: Story) -> None:
        rng = self.rng
        for kind, day, coach in story.events:
            when = story.when(day)
            by_person = user_id is not None and kind in PERSON_STEPS and rng.random() < 0.6
            reason, until = "", None
            if kind == Kind.PAUSED:
                reason = rng.choice(PAUSE_REASONS)
                until = (when + timedelta(days=42)).date() if rng.random() < 0.5 else None
            elif kind == Kind.ENDED:
                reason = rng.choice(END_REASONS)
            elif kind == Kind.RESTARTED:
                reason = "Things got hard again. I want to pick up where we left off."
            elif kind == Kind.HANDED_OVER:
                reason = "Their coach moved on; a coach in the same team knows the area."
            rows[RelationshipEvent].append(
                (
                    rid,
                    kind,
                    when,
                    user_id if by_person else coach,
                    kind != Kind.HANDED_OVER,
                    kind == Kind.BEGAN and rng.random() < 0.7,
                    reason,
                    until,
                    coach if kind in RelationshipEvent.COACH_STEPS else None,
                )
            )
            if by_person:
                rows[Activity].append((pid, kind, when))

    def _contacts(self, rows, pid: int, first_name: str, story: Story) -> None:
        rng, themes = self.rng, self.theme_ids
        contact_ids = self.world.ids(Contact, len(story.contacts))
        for cid, (day, late, coach) in zip(contact_ids, story.contacts, strict=True):
            when = story.when(day)
            if late and rng.random() < 0.6:
                channel, reached, notes = "voice_note", "person", rng.choice(VOICE_NOTES)
                place, minutes = "", None
            else:
                channel, reached = rng.choice(CHANNELS), rng.choice(REACHED)
                notes = rng.choice(NOTES).replace("Sam", first_name)
                place = rng.choice(PLACES) if channel == "in_person" else ""
                minutes = None if late else rng.choice([None, 20, 30, 45, 60, 90])
            rows[Contact].append(
                (cid, pid, coach, when, channel, reached, place, minutes, notes,
                 rng.choice(CONNECTIONS), 1, when, when)
            )  # fmt: skip
            for theme in rng.sample(themes, k=rng.randint(1, 3)):
                rows[THROUGH].append((cid, theme))
            if rng.random() < 0.12:
                category, service, what = rng.choice(BARRIERS)
                raised = rng.random() < 0.4
                rows[SystemBarrier].append(
                    (cid, category, service, what, raised, raised and rng.random() < 0.5)
                )


PERSON_STEPS = {Kind.PAUSED, Kind.RESUMED, Kind.ENDED, Kind.RESTARTED}


def _gap(rng: random.Random, step: int) -> float:
    """Days to the next contact: twice a week in a crisis, thinning to monthly or less."""
    if step < 6:
        base = 3.5
    elif step < 14:
        base = 7
    elif step < 24:
        base = 14
    else:
        base = rng.choice((21, 28, 35, 45))
    return base + rng.uniform(-1.5, 1.5)
