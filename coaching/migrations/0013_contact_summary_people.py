"""Kept figures now also hold who began coaching and how long the coaching that ended
had lasted. The kept ones have neither, so every period is counted again the next time
the dashboard reads it (once: a year at national scale takes seconds)."""

from django.db import migrations


def count_again(apps, schema_editor):
    apps.get_model("coaching", "ContactSummary").objects.update(built_version=None)


class Migration(migrations.Migration):
    dependencies = [("coaching", "0012_contact_summary_figures_keyed_by_team")]

    operations = [migrations.RunPython(count_again, migrations.RunPython.noop)]
