"""A system barrier's kind of service (its category), and whether it was raised with the
service and followed up. The services coaches typed before are given a category where
the match is certain (coaching/barrier_kinds.py); the rest are "other", their words
kept as they were."""

from django.db import migrations, models

from coaching.barrier_kinds import category_for

BATCH = 1_000


def give_categories(apps, schema_editor):
    barrier_model = apps.get_model("coaching", "SystemBarrier")
    found: dict[str, list[int]] = {}
    for pk, service in barrier_model.objects.values_list("pk", "service").iterator():
        category = category_for(service)
        if category != "other":
            found.setdefault(category, []).append(pk)
    for category, pks in found.items():
        for start in range(0, len(pks), BATCH):
            barrier_model.objects.filter(pk__in=pks[start : start + BATCH]).update(
                category=category
            )


CATEGORIES = [
    ("council_housing", "Council housing"),
    ("council_other", "Other council services"),
    ("dwp", "DWP and benefits"),
    ("gp_nhs", "GP and NHS"),
    ("mental_health", "Mental health services"),
    ("landlord", "Landlord"),
    ("police_courts", "Police and courts"),
    ("home_office", "Home Office"),
    ("education", "Education"),
    ("employer", "Employer"),
    ("other", "Other"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0033_coach_minute"),
    ]

    operations = [
        migrations.AddField(
            model_name="systembarrier",
            name="category",
            field=models.CharField(choices=CATEGORIES, default="other", max_length=20),
        ),
        migrations.AddField(
            model_name="systembarrier",
            name="followed_up",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="systembarrier",
            name="raised_with_service",
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name="systembarrier",
            constraint=models.CheckConstraint(
                condition=models.Q(category__in=[value for value, _ in CATEGORIES]),
                name="barrier_category_known",
            ),
        ),
        migrations.RunPython(give_categories, migrations.RunPython.noop),
    ]
