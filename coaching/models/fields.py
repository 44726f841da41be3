"""Fields more than one model uses, with no model of their own to belong to."""

from django.db import models


def import_ref_field():
    """The row's reference in a spreadsheet it was imported from (manage.py
    import_records), so importing the same folder again adds nothing twice."""
    return models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
