"""Themes get a name in Welsh, for people who read their pages in Welsh; the themes
the first migration seeded get theirs (the charity may change them in the admin)."""

from django.db import migrations, models

import helpers.limits

WELSH = {
    "home": "Cartref",
    "money": "Arian",
    "health": "Iechyd",
    "wellbeing": "Llesiant",
    "work": "Gwaith",
    "learning": "Dysgu",
    "relationships": "Perthnasoedd",
    "community": "Cymuned",
    "interests": "Diddordebau",
    "rights-and-systems": "Hawliau a systemau",
}


def name_seeded_themes_in_welsh(apps, schema_editor):
    Theme = apps.get_model("coaching", "Theme")
    for slug, name_cy in WELSH.items():
        Theme.objects.filter(slug=slug, name_cy="").update(name_cy=name_cy)


class Migration(migrations.Migration):
    dependencies = [("coaching", "0039_person_story")]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="name_cy",
            field=models.CharField(blank=True, max_length=60, verbose_name="name in Welsh"),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=helpers.limits.LengthLimit(
                field_name="name_cy",
                limit=60,
                name="theme_name_cy_within_limit",
                violation_error_message="Please keep this to 60 characters.",
            ),
        ),
        migrations.RunPython(name_seeded_themes_in_welsh, migrations.RunPython.noop),
    ]
