from django.db import migrations, models
from django.db.models import Min, Q


def mark_what_each_score_was_answered_from(apps, schema_editor):
    """Scores brought in from a spreadsheet were answered outside Mayday, on paper; those
    made here before the licensed wording was loaded were answered against one-word
    themes; the rest, against the wording."""
    score_model = apps.get_model("outcomes", "WellbeingScore")
    wording_model = apps.get_model("outcomes", "WellbeingWording")
    db = schema_editor.connection.alias
    scores = score_model.objects.using(db)
    loaded_at = wording_model.objects.using(db).aggregate(at=Min("loaded_at"))["at"]
    scores.filter(import_ref__isnull=False, completed_with="coach").update(answered_from="paper")
    if loaded_at is not None:
        scores.filter(answered_from="themes", completed_at__gte=loaded_at).update(
            answered_from="wording"
        )


def summarise_again(apps, schema_editor):
    """The summaries leave theme-only scores out from now on: count them again."""
    from outcomes.triggers import summarise_wellbeing_again

    summarise_wellbeing_again(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0010_story"),
    ]

    operations = [
        migrations.AddField(
            model_name="wellbeingscore",
            name="answered_from",
            field=models.CharField(
                choices=[
                    ("wording", "The licensed wording, on screen"),
                    ("paper", "The official paper form, entered by a coach"),
                    ("themes", "Short themes only, so not counted"),
                ],
                default="themes",
                max_length=7,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(mark_what_each_score_was_answered_from, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="wellbeingscore",
            constraint=models.CheckConstraint(
                condition=Q(answered_from__in=["wording", "paper", "themes"]),
                name="wellbeing_answered_from_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="wellbeingscore",
            constraint=models.CheckConstraint(
                condition=~Q(answered_from="paper", completed_with="self"),
                name="wellbeing_paper_entered_by_a_coach",
            ),
        ),
        migrations.RunPython(summarise_again, migrations.RunPython.noop),
    ]
