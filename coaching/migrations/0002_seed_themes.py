from django.db import migrations

THEMES = [
    ("home", "Home"),
    ("money", "Money"),
    ("health", "Health"),
    ("wellbeing", "Wellbeing"),
    ("work", "Work"),
    ("learning", "Learning"),
    ("relationships", "Relationships"),
    ("community", "Community"),
    ("interests", "Interests"),
    ("rights-and-systems", "Rights and systems"),
]


def seed_themes(apps, schema_editor):
    Theme = apps.get_model("coaching", "Theme")
    for position, (slug, name) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]

    operations = [migrations.RunPython(seed_themes, migrations.RunPython.noop)]
