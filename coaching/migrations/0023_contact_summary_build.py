import uuid

from django.db import migrations, models


def name_every_count(apps, schema_editor):
    """Each summary kept before builds were named gets a name of its own, so that a
    process may keep its figures unpacked without their being counted again."""
    ContactSummary = apps.get_model("coaching", "ContactSummary")
    summaries = list(ContactSummary.objects.filter(build__isnull=True).only("pk"))
    for summary in summaries:
        summary.build = uuid.uuid4()
    ContactSummary.objects.bulk_update(summaries, ["build"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0022_people_now"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactsummary",
            name="build",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(name_every_count, migrations.RunPython.noop, elidable=True),
    ]
