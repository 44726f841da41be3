"""Kept figures now also hold who began coaching and how long the coaching that ended
had lasted, and say how they are laid out. The kept ones have layout 0 (the database
default, also what a worker of the release before writes during a deploy) and so are
counted again the next time the dashboard reads them: a year at national scale takes
seconds, once; `python manage.py insights` after migrating does it before anyone looks."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("coaching", "0012_contact_summary_figures_keyed_by_team")]

    operations = [
        migrations.AddField(
            model_name="contactsummary",
            name="layout",
            field=models.PositiveSmallIntegerField(db_default=0, default=0),
        ),
    ]
