"""A person's record as last drawn, for each kind of viewer (see coaching.kept)."""

from django.db import models

VIEWERS = ("person", "coach", "cover")


class KeptRecord(models.Model):
    """The first page of a person's record as last drawn for the person themselves
    (/me/), their coach and a coach covering for them, with the version of their data
    it was drawn from.

    Database triggers (coaching.kept) bump `version` and blank every copy in the same
    statement as any write to what the record shows, so no copy is read stale or
    outlives words deleted from the record.
    """

    # No constraint: a trigger deletes the copies with the person, after the rows
    # deleted before the person's (whose triggers touch the copies) are gone.
    person = models.OneToOneField(
        "coaching.Person",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    version = models.PositiveBigIntegerField(default=0)
    for_person = models.TextField(blank=True, default="")
    for_person_stamp = models.CharField(max_length=80, blank=True, default="")
    for_coach = models.TextField(blank=True, default="")
    for_coach_stamp = models.CharField(max_length=80, blank=True, default="")
    for_cover = models.TextField(blank=True, default="")
    for_cover_stamp = models.CharField(max_length=80, blank=True, default="")

    def __str__(self):
        return f"Kept record of person {self.person_id}, version {self.version}"


class KeptGeneration(models.Model):
    """One row: bumped by triggers when something every record may show changes (a
    coach's name, a theme, an outcome type). It is part of every copy's stamp, so all
    are drawn afresh without rewriting 50,000 rows."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Kept records, generation {self.value}"
