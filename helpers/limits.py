"""Every text a user types has a limit, enforced by the form and by the database.

A model field's max_length gives its form field the limit (and PlainWords its words),
but the database keeps it for a varchar on PostgreSQL only: SQLite keeps none, and a
TextField has none anywhere. `LengthLimit` is a CheckConstraint on the length, so an
over-long text is refused however it is written: a form, a service, the importer.
"""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


class LengthLimit(models.CheckConstraint):
    """At most `limit` characters in `field_name`.

    Checked by the database as any CheckConstraint. A form's check of it reads the
    length in Python, where CheckConstraint would ask the database, a query per
    constraint on every save; the form field has given its own message already.
    """

    def __init__(
        self, *, field_name: str, limit: int, name: str, violation_error_message=None, **kwargs
    ):
        self.field_name, self.limit = field_name, limit
        super().__init__(
            condition=LessThanOrEqual(Length(field_name), limit),
            name=name,
            violation_error_message=violation_error_message
            or f"Please keep this to {limit:,} characters.",
            **kwargs,
        )

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if exclude and self.field_name in exclude:
            return
        value = getattr(instance, self.field_name)
        if value is not None and len(value) > self.limit:
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        del kwargs["condition"]
        return path, args, {**kwargs, "field_name": self.field_name, "limit": self.limit}
