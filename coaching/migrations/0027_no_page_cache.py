"""A person's page is no longer kept as drawn: it reads what it shows with a fixed
handful of queries instead (coaching.panels). The kept copies' tables go, and first the
triggers that wrote to them, on every table a page showed: left behind, every write to
those tables would fail on a missing table. Each drop is a no-op where nothing is there
(a database migrated afresh never had them: they were made after migrate)."""

from django.db import migrations

# The tables the triggers watched: the people's tables, one trigger each, and those
# whose rows showed on everyone's page, one trigger each for all.
PERSON_TABLES = [
    "coaching_person",
    "coaching_contact",
    "coaching_contact_themes",
    "coaching_systembarrier",
    "coaching_relationship",
    "coaching_relationshipevent",
    "coaching_goal",
    "coaching_strength",
    "budgets_budgetrequest",
    "outcomes_wellbeingscore",
    "outcomes_outcome",
]
EVERYONE_TABLES = ["coaching_user", "coaching_theme", "outcomes_outcometype"]
TRIGGERS = [f"kept_forget_{table}" for table in PERSON_TABLES] + [
    f"kept_forget_all_{table}" for table in EVERYONE_TABLES
]


def drop_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for name in TRIGGERS:
            if schema_editor.connection.vendor == "postgresql":
                # The trigger goes with its function, whether or not its table is there.
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
            else:
                # One trigger an event on SQLite.
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0026_forms_sent_once"),
    ]

    operations = [
        # Back past here, the tables come back empty; that release's migrate makes
        # their triggers again.
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="KeptGeneration"),
        migrations.DeleteModel(name="KeptRecord"),
    ]
