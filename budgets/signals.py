"""However a person's record goes (erasure, or the admin), their budget requests go with
it by CASCADE; the funds' books must not."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from budgets.services import person_leaving
from coaching.models import Person


@receiver(pre_delete, sender=Person, dispatch_uid="budgets.person_leaving")
def keep_the_funds_books(sender, instance, **kwargs):
    person_leaving(instance)
