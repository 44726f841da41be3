"""Teams, staff and people, and what each person has chosen to share."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.models.fields import import_ref_field
from coaching.models.relationships import RelationshipEvent
from helpers.limits import LengthLimit
from helpers.paths import path_for


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    area = models.CharField(
        max_length=120, help_text="The borough, county or city this team walks alongside."
    )
    takes_unsure_requests = models.BooleanField(
        default=False,
        help_text="Requests for a coach from people not sure of their area come to this team.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["takes_unsure_requests"],
                condition=Q(takes_unsure_requests=True),
                name="one_team_takes_unsure_requests",
            ),
            LengthLimit(field_name="name", limit=120, name="team_name_within_limit"),
            LengthLimit(field_name="area", limit=120, name="team_area_within_limit"),
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        COACH = "coach", "Coach"
        MANAGER = "manager", "Manager"
        PERSON = "person", "Person"
        # Reads the figures of the contracts it is given (outcomes.Contract.commissioners),
        # never a person's page.
        COMMISSIONER = "commissioner", "Commissioner"

    role = models.CharField(max_length=12, choices=Role, default=Role.PERSON)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    # A coach marks themselves away (leave, sickness); only then may their team cover
    # for the people who allow it. Empty: here. Away until the end of `away_until`, or,
    # with none, until they say they are back.
    away_since = models.DateTimeField(null=True, blank=True)
    away_until = models.DateField(null=True, blank=True)
    # When a coach last looked at their home, and since when its feed shows what is new
    # (coaching.feed): read with the sign-in, so the feed asks nothing of its own. Looks
    # close together are one visit, which keeps showing what was new at its start.
    feed_looked_at = models.DateTimeField(null=True, blank=True, editable=False)
    feed_since = models.DateTimeField(null=True, blank=True, editable=False)
    # A coach may show their people (on /me/) a work phone number and when they work.
    work_phone = models.CharField(max_length=30, blank=True, default="")
    work_hours = models.CharField(max_length=120, blank=True, default="")
    # The language the user chose for their pages and anything sent to them ("" until
    # they choose; their browser's then).
    language = models.CharField(max_length=8, blank=True, default="", choices=settings.LANGUAGES)

    objects = UserManager()

    class Meta:
        constraints = [
            # Sign-in finds a username whatever its case, as the forms check it.
            models.UniqueConstraint(Lower("username"), name="user_username_unique_any_case"),
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_when_given"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["coach", "manager", "person", "commissioner"]),
                name="user_role_known",
            ),
            LengthLimit(field_name="work_phone", limit=30, name="user_work_phone_within_limit"),
            LengthLimit(field_name="work_hours", limit=120, name="user_work_hours_within_limit"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_away(self) -> bool:
        """Away today, as Person.objects.for_coach_or_cover reads it."""
        return self.away_since is not None and (
            self.away_until is None or self.away_until >= timezone.localdate()
        )

    @property
    def is_coach(self) -> bool:
        return self.role == self.Role.COACH

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER

    @property
    def is_person(self) -> bool:
        return self.role == self.Role.PERSON

    @property
    def is_commissioner(self) -> bool:
        return self.role == self.Role.COMMISSIONER

    @property
    def takes_a_password_code(self) -> bool:
        """A code from a coach may set this sign-in's password: a person's, switched on
        (a sign-in made staff would skip their second factor)."""
        return self.is_active and self.is_person

    def home_url(self) -> str:
        return {
            self.Role.COACH: reverse("coaching:coach_home"),
            self.Role.MANAGER: reverse("outcomes:insights"),
            self.Role.PERSON: reverse("coaching:me"),
            self.Role.COMMISSIONER: reverse("outcomes:commissioner_home"),
        }[self.role]


class SharingChoice(models.TextChoices):
    """What a person can switch on or off. Each maps to a `share_<value>` field."""

    NOTES = "notes", _("Keep written notes of our conversations")
    WELLBEING = "wellbeing", _("Record my wellbeing scores")
    REPORTING = "reporting", _("Count my information, without my name, in reports")
    COVER = "cover", _("Let other coaches in the team see my record while my coach is away")


class PersonQuerySet(models.QuerySet):
    def for_coach(self, coach):
        """The people whose current relationship is with this coach."""
        return self.filter(current_relationship__coach=coach)

    def for_coach_or_cover(self, coach):
        """The coach's own people, and the people of their team's other coaches who
        let the team cover while their coach is away (share_cover): their coach marked
        themselves away, or has left (their sign-in is switched off)."""
        own = Q(current_relationship__coach=coach)
        if coach.team_id is None:
            return self.filter(own)
        today = timezone.localdate()
        away_now = Q(current_relationship__coach__away_since__isnull=False) & (
            Q(current_relationship__coach__away_until__isnull=True)
            | Q(current_relationship__coach__away_until__gte=today)
        )
        cover = Q(
            away_now | Q(current_relationship__coach__is_active=False),
            share_cover=True,
            current_relationship__coach__team_id=coach.team_id,
            current_relationship__state__in=["active", "paused"],
        )
        return self.filter(own | cover)

    def left_behind(self):
        """People whose coaching is open with a coach who has left (their sign-in
        switched off): a manager finds each a new coach."""
        return self.filter(
            current_relationship__state__in=["active", "paused"],
            current_relationship__coach__is_active=False,
        )

    def past_retention(self, *, manager, ended_before):
        """People whose coaching ended before `ended_before` and has not begun again,
        in the manager's team (every team for a manager with none), each with the
        `ended_at` of their coaching: kept longer than the charity keeps records,
        for a manager to review (RETENTION_YEARS; docs/privacy.md)."""
        # Asked of each ended coaching's own steps (by its index), not by grouping
        # every step of every ended coaching: the latest ending before `ended_before`
        # is one ending before it and none since.
        endings = RelationshipEvent.objects.filter(
            relationship=OuterRef("current_relationship"), kind="ended"
        )
        people = self.filter(
            Exists(endings.filter(occurred_at__lt=ended_before)),
            ~Exists(endings.filter(occurred_at__gte=ended_before)),
            current_relationship__state="ended",
        )
        if manager.team_id is not None:
            people = people.filter(current_relationship__coach__team_id=manager.team_id)
        return people.annotate(
            ended_at=Subquery(endings.order_by("-occurred_at").values("occurred_at")[:1])
        )

    def counted_in_reports(self):
        """The reporting rule: see coaching.reporting, which every figure goes through."""
        return self.filter(share_reporting=True)


class Person(models.Model):
    name = models.CharField(max_length=120, help_text="The name they would like to be called.")
    area = models.CharField(
        max_length=120, blank=True, help_text="Moving area never ends anything."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    # Points at the latest relationship; kept by services.person_create and
    # relationship_restart so scoping a coach's people is one indexed join.
    current_relationship = models.OneToOneField(
        "Relationship", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    import_ref = import_ref_field()

    # The person's sharing choices as they stand now; every change is kept in
    # SharingChange. Defaults and the reasons for them are in the README.
    share_notes = models.BooleanField(default=True)
    share_wellbeing = models.BooleanField(default=True)
    share_reporting = models.BooleanField(default=True)
    share_cover = models.BooleanField(default=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(Lower("name"), name="person_name_lower"),
            # The few who chose not to be counted, left out of every figure.
            models.Index(
                fields=["id"], condition=Q(share_reporting=False), name="person_not_counted"
            ),
        ]
        constraints = [
            LengthLimit(field_name="name", limit=120, name="person_name_within_limit"),
            LengthLimit(field_name="area", limit=120, name="person_area_within_limit"),
        ]

    def __str__(self):
        # No name: a string form can reach places the access log does not see (the
        # admin's delete pages, logs, error reports). Pages show person.name.
        return f"Person {self.pk}"

    def get_absolute_url(self):
        return path_for("coaching:person", self.pk)

    def shares(self, choice: str) -> bool:
        return getattr(self, f"share_{SharingChoice(choice).value}")


class AreaMove(models.Model):
    """A move of the person's area, for their story: moving ends nothing."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="area_moves")
    moved_at = models.DateTimeField(default=timezone.now)
    from_area = models.CharField(max_length=120, blank=True)
    to_area = models.CharField(max_length=120, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            LengthLimit(field_name="from_area", limit=120, name="area_move_from_within_limit"),
            LengthLimit(field_name="to_area", limit=120, name="area_move_to_within_limit"),
        ]

    def __str__(self):
        return f"Area move {self.pk}"  # no place names: see Person.__str__
