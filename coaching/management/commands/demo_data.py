"""Build a believable demo organisation, once.

Three teams, eight coaches (one has left), a manager, and about forty people
with eighteen months of history: weekly contact in a crisis thinning to the
occasional voice note the person sends, pauses and resumes, endings and
restarts, a handover after a coach left, and a person who moved area and kept
their coach. Random but seeded, so every run builds the same story.
"""

import random
from datetime import datetime, timedelta

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from coaching import services
from coaching.demo import demo_part, load_parts, sign_ins
from coaching.models import (
    Activity,
    CoachRequest,
    Contact,
    Person,
    SharingChoice,
    Team,
    Theme,
    User,
)

DEMO_PASSWORD = "walk-alongside-2026"  # noqa: S105 - printed for the demo on purpose
# Staff need a second factor; demo staff share this authenticator secret.
DEMO_TOTP_SECRET = "MAYDAYDEMOTOTPSECRETWALKALONGSID"  # noqa: S105 - demo only
SEED = 20261123

TEAMS = [("Leeds North", "Leeds"), ("Calderdale", "Calderdale"), ("Bradford", "Bradford")]
COACHES = [
    ("meg", "Meg", "Okafor", 0),
    ("tom", "Tom", "Hughes", 0),
    ("priya", "Priya", "Shah", 0),
    ("dan", "Dan", "Whitaker", 1),
    ("aisha", "Aisha", "Rahman", 1),
    ("lewis", "Lewis", "Barker", 2),
    ("sian", "Siân", "Evans", 2),
    ("joe", "Joe", "Marsh", 2),  # leaves; his people are handed over
]
PEOPLE = [
    "Sam",
    "Jordan",
    "Kayleigh",
    "Marcus",
    "Leanne",
    "Dev",
    "Chantelle",
    "Ryan",
    "Bernadette",
    "Kieran",
    "Tasha",
    "Imran",
    "Shannon",
    "Gary",
    "Fatima",
    "Lee",
    "Rosie",
    "Connor",
    "Mandy",
    "Tariq",
    "Jade",
    "Paul",
    "Niamh",
    "Callum",
    "Hayley",
    "Yusuf",
    "Stacey",
    "Darren",
    "Amira",
    "Liam",
    "Bex",
    "Wes",
    "Precious",
    "Kyle",
    "Donna",
    "Ash",
    "Sophie",
    "Nathan",
    "Grace",
    "Mo",
]
PLACES = [
    "",
    "",
    "Café on Briggate",
    "Central Library",
    "Their flat",
    "The park bench by the canal",
    "Job Centre",
    "Community hub",
    "",
]
NOTES = [
    "Talked through the letter from the council. Sam wants to go to the housing office together.",
    "Felt rough this week. We walked instead of sitting in the café, which helped.",
    "Good news about the flat viewing. Next step is the deposit: we'll look at options together.",
    "Spoke about what matters most right now: getting sleep sorted and seeing their daughter.",
    "Quick check in. Things are steadier. They'd like to look at a course in the new year.",
    "Sent a voice note about the interview. Sounded nervous but proud to have got this far.",
    "Helped fill in the PIP form. Long and tiring; we stopped halfway and will finish Tuesday.",
    "Caught up over a brew. Said the budgeting app we set up is making a difference.",
    "Missed the appointment at the GP again; they want to try a different surgery.",
    "Celebrated three months in the flat. Talked about volunteering at the food bank.",
]
VOICE_NOTES = [
    "Voice note: all good this week, got the bus pass sorted.",
    "Voice note: just letting you know the interview went OK.",
    "Voice note: busy with the kids, will be in touch after half term.",
    "Voice note: thanks for last time, feeling a bit better.",
]
PAUSE_REASONS = [
    "Got a lot on with the kids over the holidays. I'll be back after.",
    "Need a break to focus on my new job.",
    "Going to stay with my sister for a bit.",
    "",
]
END_REASONS = [
    "I feel like I'm sorted now. Thank you for everything.",
    "I've got what I needed for now.",
    "Moving away for work.",
]
BARRIERS = [
    (
        "council_housing",
        "Council housing options",
        "Told to come back with ID they can't get without an address.",
    ),
    ("dwp", "Universal Credit", "Payment delayed three weeks after a change of circumstances."),
    ("gp_nhs", "GP surgery", "Could not register without proof of address."),
    (
        "mental_health",
        "Mental health crisis team",
        "Waiting list of 14 weeks for a first appointment.",
    ),
]
ASK_REQUESTS = [
    (
        3,
        0,
        {
            "name": "Kez",
            "reach_by": "phone",
            "reach_details": "07700 900123, texts are best",
            "area": "Leeds",
            "message": "Got a letter saying I have to leave the flat. Don't know where to start.",
        },
    ),
    (
        26,
        0,
        {
            "name": "Ali",
            "reach_by": "place",
            "reach_details": "Central Library, most weekday mornings, by the computers",
            "area": "Leeds",
        },
    ),
    (
        50,
        0,
        {
            "name": "Bev",
            "reach_by": "message",
            "reach_details": "Ask for Sue at St Anne's drop-in, 0113 496 0000",
            "area": "Leeds",
            "message": "Bev would like someone to help with debts.",
            "passed_on_by": "St Anne's Community Centre",
        },
    ),
    (
        6,
        1,
        {
            "name": "Jay",
            "reach_by": "email",
            "reach_details": "jay.example@example.com",
            "area": "Calderdale",
        },
    ),
]
CONNECTIONS = ["Citizens Advice debt team", "Local food bank", "Shelter helpline", "", "", ""]


class Command(BaseCommand):
    help = "Load the demo organisation once, and print the demo sign-ins."

    def handle(self, *args, **options):
        if User.objects.filter(username="meg").exists():
            self.stdout.write("Demo data is already loaded.")
        else:
            # A made-up history emails no coach, whichever mail server is set up.
            with override_settings(COACH_ACTIVITY_EMAILS=False), transaction.atomic():
                load_parts(rng=random.Random(SEED), now=timezone.now())
            self.stdout.write(self.style.SUCCESS("Demo organisation loaded."))
        self.print_sign_ins()

    def print_sign_ins(self):
        self.stdout.write(
            f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})\n"
            "  coach:   meg@example.org     (Meg, Leeds North)\n"
            "  coach:   dan@example.org     (Dan, Calderdale)\n"
            "  manager: manager@example.org\n"
            "  person:  sam                 (Sam, coached by Meg)\n"
            "  admin:   admin               (reference data only, at /admin/)\n"
            + "".join(f"  {line}\n" for line in sign_ins())
            + "Staff then give a second factor: the 6-digit code from `make code`\n"
            f"(or add the secret {DEMO_TOTP_SECRET} to an authenticator app).\n"
        )


@demo_part(order=10)
def teams_coaches_and_people(*, rng: random.Random, now: datetime) -> None:
    """Coaching's part, first: every other part builds on its people."""
    DemoBuilder(rng, now).build()


class DemoBuilder:
    def __init__(self, rng: random.Random, now: datetime):
        self.rng = rng
        self.now = now
        self.themes = list(Theme.objects.all())
        # Hashing once keeps the load quick; every demo sign-in shares the password.
        self.password_hash = make_password(DEMO_PASSWORD)

    def build(self):
        teams = [Team.objects.create(name=name, area=area) for name, area in TEAMS]
        coaches = [
            self.make_staff(u, f, last, User.Role.COACH, teams[t]) for u, f, last, t in COACHES
        ]
        self.make_staff("manager", "Ruth", "Adeyemi", User.Role.MANAGER, None)
        admin = self.make_staff("admin", "Support", "Admin", User.Role.MANAGER, None)
        admin.is_staff = admin.is_superuser = True
        admin.save()
        leaver = coaches[-1]
        for index, name in enumerate(PEOPLE):
            coach = coaches[index % len(coaches)]
            person = self.make_person(name, coach, index)
            if coach == leaver:
                self.hand_over_from_leaver(person, coaches[5], leaver)
        leaver.is_active = False
        leaver.save()
        self.choose_not_to_be_counted(coaches)
        self.cover_while_away(coaches[1])
        self.ask_for_coaches(teams, coaches[0])

    def choose_not_to_be_counted(self, coaches):
        """Two people turned reporting off with their coach, so the insights dashboard
        shows the line saying how many chose that, as it will in real life."""
        for person in Person.objects.filter(current_relationship__coach__in=coaches[:2])[:2]:
            services.sharing_change(
                person=person,
                choice=SharingChoice.REPORTING,
                allowed=False,
                by=person.current_relationship.coach,
                with_coach=True,
            )

    def cover_while_away(self, tom):
        """Tom is away this week and next; two of his people let the team cover for him, so Meg
        finds them under "People you can cover for"."""
        people = Person.objects.filter(
            current_relationship__coach=tom, current_relationship__state__in=["active", "paused"]
        ).order_by("pk")[:2]
        for person in people:
            services.sharing_change(
                person=person, choice=SharingChoice.COVER, allowed=True, by=tom, with_coach=True
            )
        services.coach_away(coach=tom, away=True, until=(self.now + timedelta(days=5)).date())
        User.objects.filter(pk=tom.pk).update(away_since=self.now - timedelta(days=2))

    def ask_for_coaches(self, teams, meg):
        """A few open requests in the inbox, and news from Meg's people since she looked."""
        teams[2].takes_unsure_requests = True
        teams[2].save(update_fields=["takes_unsure_requests"])
        for hours_ago, team, fields in ASK_REQUESTS:
            CoachRequest.objects.create(
                team=teams[team], created_at=self.now - timedelta(hours=hours_ago), **fields
            )
        # One of Meg's people paused this afternoon; straight into the feed, since
        # record_activity would also email Meg while the demo loads.
        relationship = next(
            r
            for r in meg.relationships.filter(state="active").select_related("person")
            if r.person.name != "Sam"
        )
        at = self.now - timedelta(hours=3)
        relationship.pause(by=None, reason="Taking a few weeks for family.", at=at)
        Activity.objects.create(
            person=relationship.person, kind=Activity.Kind.PAUSED, occurred_at=at
        )

    def make_staff(self, username, first, last, role, team):
        user = User.objects.create(
            username=username,
            email=f"{username}@example.org",
            password=self.password_hash,
            first_name=first,
            last_name=last,
            role=role,
            team=team,
        )
        TOTP.activate(user, DEMO_TOTP_SECRET)
        return user

    def make_person(self, name, coach, index):
        rng = self.rng
        began = self.now - timedelta(days=rng.randint(60, 545), hours=rng.randint(0, 8))
        person = services.person_create(
            name=name,
            coach=coach,
            by=coach,
            area=coach.team.area,
            asked_by_person=rng.random() < 0.7,
            began_at=began,
        )
        if name == "Sam":
            person.user = User.objects.create(
                username="sam", password=self.password_hash, first_name="Sam", role=User.Role.PERSON
            )
            person.save(update_fields=["user"])
        self.write_history(person, coach, began, index)
        return person

    def write_history(self, person, coach, began, index):
        """Crisis-time weekly contact, thinning out, with the person's own steps."""
        rng = self.rng
        plan = index % 6  # 0-2 carry on, 3 pause and resume, 4 end, 5 end and restart
        moment = began + timedelta(days=1)
        week = 0
        relationship = person.current_relationship
        paused = ended = restarted = False
        while moment < self.now - timedelta(days=2):
            gap_days = 7 if week < 8 else (14 if week < 20 else rng.choice([21, 28, 35, 45]))
            self.log_contact(person, coach, moment, late=week >= 20)
            moment += timedelta(days=gap_days + rng.randint(-2, 2), hours=rng.randint(-3, 3))
            week += 1
            if plan == 3 and week == 10 and not paused:
                relationship.pause(
                    by=person.user or coach,
                    until=(moment + timedelta(days=42)).date(),
                    reason=rng.choice(PAUSE_REASONS),
                    at=moment,
                )
                paused = True
                moment += timedelta(days=40)
                if moment < self.now:
                    relationship.resume(by=person.user or coach, at=moment)
            if plan in (4, 5) and week == 16 and not ended:
                relationship.end(by=coach, reason=rng.choice(END_REASONS), at=moment)
                ended = True
                if plan == 4:
                    return
                moment += timedelta(days=90)
                if moment >= self.now:
                    return
                services.relationship_restart(
                    person=person,
                    by=coach,
                    reason=(
                        "Things got hard again after the tenancy ended. "
                        "I want to pick up where we left off."
                    ),
                    at=moment,
                )
                restarted = True
        if index == 7 and not restarted:
            # A person who moved area and kept their coach: an attribute, not an event.
            person.area = "Wakefield"
            person.save(update_fields=["area"])

    def log_contact(self, person, coach, moment, *, late):
        rng = self.rng
        if late and rng.random() < 0.6:
            channel, reached_out_by, notes = (
                Contact.Channel.VOICE_NOTE,
                Contact.ReachedOutBy.PERSON,
                rng.choice(VOICE_NOTES),
            )
        else:
            channel = rng.choice(
                [Contact.Channel.IN_PERSON] * 4
                + [Contact.Channel.PHONE, Contact.Channel.TEXT, Contact.Channel.VIDEO]
            )
            reached_out_by = rng.choice([Contact.ReachedOutBy.COACH, Contact.ReachedOutBy.PERSON])
            notes = rng.choice(NOTES).replace("Sam", person.name)
        barriers = []
        if rng.random() < 0.12:
            category, service, what = rng.choice(BARRIERS)
            barriers.append(
                services.Barrier(category=category, service=service, what_happened=what)
            )
        services.contact_log(
            person=person,
            coach=coach,
            fields={
                "occurred_at": moment
                if channel == Contact.Channel.VOICE_NOTE
                else _daytime(moment),
                "channel": channel,
                "reached_out_by": reached_out_by,
                "place": rng.choice(PLACES) if channel == Contact.Channel.IN_PERSON else "",
                "minutes": rng.choice([None, 20, 30, 45, 60, 90]) if not late else None,
                "notes": notes,
                "connections": rng.choice(CONNECTIONS),
            },
            themes=rng.sample(self.themes, k=rng.randint(1, 3)),
            barriers=barriers,
        )

    def hand_over_from_leaver(self, person, new_coach, leaver):
        relationship = person.current_relationship
        relationship.refresh_from_db()
        if not relationship.is_open:
            return
        last = person.contacts.order_by("-occurred_at").values_list("occurred_at", flat=True)
        at = (last[0] if last else self.now) + timedelta(hours=2)
        relationship.hand_over(
            by=new_coach,
            to_coach=new_coach,
            reason="Joe has moved on from the charity. Lewis knows the area well.",
            at=min(at, self.now),
        )


def _daytime(moment):
    """The same day, with the hour folded into 9:00 to 17:59 UK time: the history runs
    back from whenever the demo is made, and a meeting at 4 in the morning would read
    oddly. A voice note the person sends keeps its hour, whatever it is."""
    local = timezone.localtime(moment)
    return local.replace(hour=9 + local.hour % 9)
