"""Contacts: moments of connection, what mattered, and what got in the way."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from coaching.models.fields import import_ref_field
from helpers.limits import LengthLimit
from helpers.paths import path_for


class Theme(models.Model):
    """What mattered in a contact: reference data, kept in the admin."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    # What a person who reads their pages in Welsh sees; left empty, the name above.
    name_cy = models.CharField("name in Welsh", max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            LengthLimit(field_name="name", limit=60, name="theme_name_within_limit"),
            LengthLimit(field_name="name_cy", limit=60, name="theme_name_cy_within_limit"),
        ]

    def __str__(self):
        return self.name

    @property
    def shown_name(self) -> str:
        return self.name_in_page_language(self.name, self.name_cy)

    @staticmethod
    def name_in_page_language(name: str, name_cy: str, language: str | None = None) -> str:
        """A theme's name as the page's reader reads it: in Welsh where the charity has
        given one and the page is in Welsh, else as it is. `language`: the page's, for
        a list that has looked it up already."""
        if not name_cy:
            return name
        return name_cy if (language or translation.get_language()) == "cy" else name


class Contact(models.Model):
    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")
        TEXT = "text", _("Text message")
        VOICE_NOTE = "voice_note", _("Voice note")
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    class ReachedOutBy(models.TextChoices):
        PERSON = "person", "The person"
        COACH = "coach", "The coach"

    person = models.ForeignKey("coaching.Person", on_delete=models.CASCADE, related_name="contacts")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_logged"
    )
    occurred_at = models.DateTimeField("when", default=timezone.now)
    channel = models.CharField("how", max_length=12, choices=Channel)
    reached_out_by = models.CharField(
        "who reached out", max_length=6, choices=ReachedOutBy, default=ReachedOutBy.COACH
    )
    place = models.CharField("where", max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "Minutes must be at least 1."),
            MaxValueValidator(1440, "That is more than a day. Please give minutes up to 1440."),
        ],
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="contacts")
    # Some ten pages of writing: far more than a contact needs, far less than a paste of
    # a whole document.
    notes = models.TextField(max_length=10_000, blank=True)
    connections = models.TextField(
        "connections made",
        max_length=2000,
        blank=True,
        help_text="Other organisations you put them in touch with.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    import_ref = import_ref_field()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        # occurred_at alone: the dashboard counts a period across everyone.
        indexes = [
            models.Index(fields=["person", "-occurred_at"]),
            models.Index(fields=["occurred_at"], name="contact_occurred_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=1440),
                name="contact_minutes_within_a_day",
                violation_error_message="Minutes must be between 1 and 1440.",
            ),
            models.CheckConstraint(
                condition=Q(
                    channel__in=[
                        "in_person",
                        "phone",
                        "video",
                        "text",
                        "voice_note",
                        "email",
                        "letter",
                        "other",
                    ]
                ),
                name="contact_channel_known",
            ),
            models.CheckConstraint(
                condition=Q(reached_out_by__in=["person", "coach"]),
                name="contact_reached_out_by_known",
            ),
            LengthLimit(field_name="place", limit=200, name="contact_place_within_limit"),
            LengthLimit(field_name="notes", limit=10_000, name="contact_notes_within_limit"),
            LengthLimit(
                field_name="connections", limit=2000, name="contact_connections_within_limit"
            ),
        ]

    def __str__(self):
        return f"Contact {self.pk}"

    def get_absolute_url(self):
        return path_for("coaching:contact_edit", self.pk)

    def snapshot(self) -> dict:
        """The contact as it reads now, kept as a revision before an edit."""
        return {
            "occurred_at": self.occurred_at.isoformat(),
            "channel": self.get_channel_display(),
            "reached_out_by": self.get_reached_out_by_display(),
            "place": self.place,
            "minutes": self.minutes,
            "themes": [theme.name for theme in self.themes.all()],
            "notes": self.notes,
            "connections": self.connections,
            "barriers": [
                {"service": b.service, "what_happened": b.what_happened}
                for b in self.barriers.all()
            ],
        }


class SystemBarrier(models.Model):
    """A service that got in the way, met during a contact (the learning loop): its kind
    (`category`, what the figures count) and the service in the coach's own words."""

    # Labels kept as plain English for staff figures; marked, so the person's download
    # reads them in their language (gettext at the reading).
    class Category(models.TextChoices):
        COUNCIL_HOUSING = "council_housing", gettext_noop("Council housing")
        COUNCIL_OTHER = "council_other", gettext_noop("Other council services")
        DWP = "dwp", gettext_noop("DWP and benefits")
        GP_NHS = "gp_nhs", gettext_noop("GP and NHS")
        MENTAL_HEALTH = "mental_health", gettext_noop("Mental health services")
        LANDLORD = "landlord", gettext_noop("Landlord")
        POLICE_COURTS = "police_courts", gettext_noop("Police and courts")
        HOME_OFFICE = "home_office", gettext_noop("Home Office")
        EDUCATION = "education", gettext_noop("Education")
        EMPLOYER = "employer", gettext_noop("Employer")
        OTHER = "other", gettext_noop("Other")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="barriers")
    category = models.CharField(max_length=20, choices=Category, default=Category.OTHER)
    service = models.CharField(max_length=200)
    what_happened = models.TextField(max_length=2000, blank=True)
    raised_with_service = models.BooleanField(default=False)
    followed_up = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    category__in=[
                        "council_housing",
                        "council_other",
                        "dwp",
                        "gp_nhs",
                        "mental_health",
                        "landlord",
                        "police_courts",
                        "home_office",
                        "education",
                        "employer",
                        "other",
                    ]
                ),
                name="barrier_category_known",
            ),
            LengthLimit(field_name="service", limit=200, name="barrier_service_within_limit"),
            LengthLimit(
                field_name="what_happened", limit=2000, name="barrier_what_happened_within_limit"
            ),
        ]

    def __str__(self):
        return f"Barrier {self.pk}"


class ContactRevision(models.Model):
    """An earlier version of a contact, kept when it is edited."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "version"], name="one_revision_per_version")
        ]

    def __str__(self):
        return f"Version {self.version}"
