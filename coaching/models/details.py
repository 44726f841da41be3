"""Personal details: every one optional, every one with "prefer not to say".

Blank means the person has not said (or cleared it); PREFER_NOT_TO_SAY means
they chose not to. Neither is ever required, and the person can change or
clear each at any time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from helpers.display import day_long
from helpers.limits import LengthLimit

PREFER_NOT_TO_SAY = "prefer_not_to_say"
ETHNIC_GROUPS = ["asian", "black", "mixed", "white", "other"]


class PersonalDetails(models.Model):
    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        OWN_WORDS = "own_words", _("In my own words")
        PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, _("Prefer not to say")

    class Ethnicity(models.TextChoices):
        # The five broad groups of the 2021 Census for England and Wales.
        ASIAN = "asian", _("Asian or Asian British")
        BLACK = "black", _("Black, Black British, Caribbean or African")
        MIXED = "mixed", _("Mixed or multiple ethnic groups")
        WHITE = "white", _("White")
        OTHER = "other", _("Another ethnic group")
        PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, _("Prefer not to say")

    class Disability(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, _("Prefer not to say")

    person = models.OneToOneField(
        "coaching.Person", on_delete=models.CASCADE, related_name="details"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_not_said = models.BooleanField("prefer not to say", default=False)
    gender = models.CharField(max_length=20, choices=Gender, blank=True)
    gender_own_words = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=20, choices=Ethnicity, blank=True)
    ethnicity_own_words = models.CharField(max_length=100, blank=True)
    disability = models.CharField(
        "a disability or long-term health condition", max_length=20, choices=Disability, blank=True
    )
    pronouns = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    FIELDS = [
        "date_of_birth",
        "date_of_birth_not_said",
        "gender",
        "gender_own_words",
        "ethnicity",
        "ethnicity_own_words",
        "disability",
        "pronouns",
    ]

    class Meta:
        verbose_name_plural = "personal details"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth_not_said=False),
                name="date_of_birth_given_or_not_said",
            ),
            models.CheckConstraint(
                condition=Q(gender="own_words") | Q(gender_own_words=""),
                name="gender_own_words_only_with_own_words",
            ),
            models.CheckConstraint(
                condition=Q(
                    gender__in=["", "woman", "man", "non_binary", "own_words", PREFER_NOT_TO_SAY]
                ),
                name="gender_known",
            ),
            models.CheckConstraint(
                condition=Q(
                    ethnicity__in=[
                        "",
                        "asian",
                        "black",
                        "mixed",
                        "white",
                        "other",
                        PREFER_NOT_TO_SAY,
                    ]
                ),
                name="ethnicity_known",
            ),
            models.CheckConstraint(
                condition=Q(disability__in=["", "yes", "no", PREFER_NOT_TO_SAY]),
                name="disability_known",
            ),
            LengthLimit(
                field_name="gender_own_words", limit=100, name="gender_own_words_within_limit"
            ),
            LengthLimit(
                field_name="ethnicity_own_words", limit=100, name="ethnicity_own_words_within_limit"
            ),
            LengthLimit(field_name="pronouns", limit=40, name="pronouns_within_limit"),
        ]

    def __str__(self):
        return f"Personal details {self.pk}"

    def answers(self) -> list:
        """The answers as they stand, to tell a save that changes them from one that
        does not."""
        return [getattr(self, field) for field in self.FIELDS]

    def readable(self) -> list[tuple[str, str]]:
        """Each detail in plain words, for the person's pages and their download."""
        not_given = gettext("Not given")
        if self.date_of_birth_not_said:
            born = gettext("Prefer not to say")
        else:
            born = day_long(self.date_of_birth) if self.date_of_birth else ""
        gender = self.gender_own_words if self.gender == "own_words" else self.get_gender_display()
        ethnicity = self.get_ethnicity_display()
        if self.ethnicity_own_words:
            ethnicity = f"{ethnicity}: {self.ethnicity_own_words}"
        return [
            (gettext("Date of birth"), born or not_given),
            (gettext("Gender"), gender or not_given),
            (gettext("Pronouns"), self.pronouns or not_given),
            (gettext("Ethnicity"), ethnicity or not_given),
            (
                gettext("Disability or long-term health condition"),
                self.get_disability_display() or not_given,
            ),
        ]
