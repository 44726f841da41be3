"""Kept contact figures are now by team rather than by coach, with totals beside them:
forget the old ones, which are counted again as the dashboard needs them."""

from django.db import migrations, models


def forget_kept_figures(apps, schema_editor):
    apps.get_model("coaching", "ContactSummary").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("coaching", "0009_contact_summary_by_day")]

    operations = [
        migrations.RunPython(forget_kept_figures, migrations.RunPython.noop),
        migrations.AddField(
            model_name="contactsummary",
            name="totals",
            field=models.JSONField(default=dict),
        ),
    ]
