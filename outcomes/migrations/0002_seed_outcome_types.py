"""Seed the outcome types a coaching charity is most often paid on. Admin data from here on."""

from django.db import migrations

# slug, name, sustains (slug), months, weeks
OUTCOME_TYPES = [
    ("entered-accommodation", "Entered accommodation", None, None, None),
    ("accommodation-3-months", "Accommodation sustained 3 months", "entered-accommodation", 3, None),
    ("accommodation-6-months", "Accommodation sustained 6 months", "entered-accommodation", 6, None),
    ("accommodation-12-months", "Accommodation sustained 12 months", "entered-accommodation", 12, None),
    ("entered-education-training", "Entered education or training", None, None, None),
    ("gained-qualification", "Gained a qualification", None, None, None),
    ("entered-employment", "Entered employment", None, None, None),
    ("employment-13-weeks", "Employment sustained 13 weeks", "entered-employment", None, 13),
    ("employment-26-weeks", "Employment sustained 26 weeks", "entered-employment", None, 26),
    ("volunteering", "Volunteering", None, None, None),
    ("moved-on", "Moved on from support services", None, None, None),
]


def seed(apps, schema_editor):
    OutcomeType = apps.get_model("outcomes", "OutcomeType")
    made = {}
    for position, (slug, name, sustains, months, weeks) in enumerate(OUTCOME_TYPES):
        made[slug] = OutcomeType.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "sustains": made.get(sustains),
                "sustain_months": months,
                "sustain_weeks": weeks,
            },
        )[0]


def unseed(apps, schema_editor):
    OutcomeType = apps.get_model("outcomes", "OutcomeType")
    slugs = [row[0] for row in OUTCOME_TYPES]
    OutcomeType.objects.filter(slug__in=slugs, sustains__isnull=False).delete()
    OutcomeType.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_wellbeing_outcomes_contracts")]

    operations = [migrations.RunPython(seed, unseed)]
