from django.db import migrations

# The people-now triggers this app installed (coaching/now.py until the figures moved to
# outcomes), by table: one trigger a table on PostgreSQL, one an event on SQLite.
OLD_TRIGGERS = {
    "coaching_person": "people_now_person",
    "coaching_relationship": "people_now_relationship",
}


def drop_old_triggers(apps, schema_editor):
    """The old triggers go before the tables they write to: else every write to people
    and relationships would fail on them."""
    vendor = schema_editor.connection.vendor
    for table, name in OLD_TRIGGERS.items():
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")


class Migration(migrations.Migration):
    """The dashboard's cached figures leave coaching for outcomes (its 0009), which reads
    them: coaching records, and knows nothing of the dashboard. Nothing is copied: the
    new tables are counted again from the records."""

    dependencies = [
        ("coaching", "0027_no_page_cache"),
    ]

    operations = [
        migrations.RunPython(drop_old_triggers, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="ContactSummary"),
        migrations.DeleteModel(name="PersonCounted"),
        migrations.DeleteModel(name="PeopleNow"),
    ]
