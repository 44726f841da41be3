"""Kept contact figures are grouped under each team's key, so that the dashboard for a
team or a contract reads only those teams' figures: rows [team, key..., n] of each kind
become {"team_<id>": {kind: [[key..., n]]}}. Converted in place, so nothing needs
counting again."""

from django.db import migrations


def _team_key(team_id):
    return "no_team" if team_id is None else f"team_{team_id}"


def _team_id(key):
    return None if key == "no_team" else int(key.removeprefix("team_"))


def group_by_team(apps, schema_editor):
    ContactSummary = apps.get_model("coaching", "ContactSummary")
    for summary in ContactSummary.objects.iterator():
        grouped = {}
        for kind, rows in summary.figures.items():
            for team, *keys_and_n in rows:
                grouped.setdefault(_team_key(team), {}).setdefault(kind, []).append(keys_and_n)
        summary.figures = grouped
        summary.save(update_fields=["figures"])


def list_by_kind(apps, schema_editor):
    ContactSummary = apps.get_model("coaching", "ContactSummary")
    for summary in ContactSummary.objects.iterator():
        rows = {}
        for key, kinds in summary.figures.items():
            for kind, kept in kinds.items():
                rows.setdefault(kind, []).extend([_team_id(key), *row] for row in kept)
        summary.figures = rows
        summary.save(update_fields=["figures"])


class Migration(migrations.Migration):
    dependencies = [("coaching", "0011_person_not_counted")]

    operations = [migrations.RunPython(group_by_team, list_by_kind)]
