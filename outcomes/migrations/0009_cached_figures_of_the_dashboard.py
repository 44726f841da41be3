import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def stop_keeping_figures(apps, schema_editor):
    """Going back past this migration, the triggers go before the tables they write to:
    on SQLite a later step that rebuilds a table checks every trigger's tables are
    there."""
    from outcomes.triggers import STALE, install_triggers

    tables = {STALE, "outcomes_contactsummary", "outcomes_peoplenow", "outcomes_personcounted"}
    install_triggers(using=schema_editor.connection.alias, leaving_out=frozenset(tables))


class Migration(migrations.Migration):
    """The dashboard's cached figures, moved here from coaching, whose records they are
    derived from: created empty. The triggers (outcomes.triggers, installed after
    migrate) count people now at once; each period's contact figures are counted when
    first read."""

    dependencies = [
        ('outcomes', '0008_one_outcome_a_day_and_one_contract_a_name'),
        # The same figures' tables in coaching go first: their constraints have these names.
        ('coaching', '0028_figures_read_side'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonCounted',
            fields=[
                ('person_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('coach_id', models.BigIntegerField()),
                ('state', models.CharField(max_length=10)),
            ],
        ),
        migrations.CreateModel(
            name='StaleMoment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='ContactSummary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(help_text='The day, or the first day of the month (UK time).')),
                ('span', models.CharField(choices=[('month', 'Month'), ('day', 'Day')], max_length=5)),
                ('version', models.PositiveIntegerField(default=0)),
                ('built_version', models.PositiveIntegerField(blank=True, null=True)),
                ('figures', models.JSONField(default=dict)),
                ('totals', models.JSONField(default=dict)),
                ('built_at', models.DateTimeField(blank=True, null=True)),
                ('build', models.UUIDField(blank=True, editable=False, null=True)),
                ('layout', models.PositiveSmallIntegerField(db_default=0, default=0)),
            ],
            options={
                'verbose_name_plural': 'contact summaries',
                'ordering': ['starts_on', 'span'],
                'constraints': [models.UniqueConstraint(fields=('starts_on', 'span'), name='one_summary_per_period'), models.CheckConstraint(condition=models.Q(('span__in', ['month', 'day'])), name='contact_summary_span_known')],
            },
        ),
        migrations.CreateModel(
            name='PeopleNow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(max_length=10)),
                ('people', models.IntegerField()),
                ('coach', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'people now',
            },
        ),
        # The triggers are made after migrate (OutcomesConfig.ready).
        migrations.RunPython(migrations.RunPython.noop, stop_keeping_figures),
    ]
