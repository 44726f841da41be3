"""History kept by the database: relationship events, access-log entries, contact
revisions and the audit log refuse UPDATE and DELETE but through erasure, and a
relationship's state follows its latest event (see coaching.history). These
triggers replace the audit log's own from 0005; going back brings that one back."""

from django.db import migrations, models

AUDIT_TRIGGER_0005 = """
CREATE FUNCTION coaching_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER coaching_auditevent_append_only
    BEFORE UPDATE OR DELETE ON coaching_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION coaching_auditevent_refuse_change();
"""


def keep_history(apps, schema_editor):
    from coaching import history

    db = schema_editor.connection
    if db.vendor != "postgresql":
        return  # SQLite: made after migrate, as later migrations rebuild the tables they read
    schema_editor.execute("DROP TRIGGER IF EXISTS coaching_auditevent_append_only ON coaching_auditevent")
    schema_editor.execute("DROP FUNCTION IF EXISTS coaching_auditevent_refuse_change()")
    for statement in history.install(db):
        schema_editor.execute(statement, params=None)


def let_history_go(apps, schema_editor):
    from coaching import history

    db = schema_editor.connection
    for statement in history.uninstall(db):
        schema_editor.execute(statement, params=None)
    if db.vendor == "postgresql":
        schema_editor.execute(AUDIT_TRIGGER_0005, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0023_contact_summary_build"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("signed_in", "Signed in"),
                    ("sign_in_failed", "Sign-in failed"),
                    ("signed_out", "Signed out"),
                    ("access_refused", "Access refused"),
                    ("sharing_changed", "Sharing choice changed"),
                    ("budget_decided", "Budget request decided"),
                    ("budget_paid", "Budget payment recorded"),
                    ("outcome_recorded", "Outcome recorded"),
                    ("outcome_verified", "Outcome verified"),
                    ("record_erased", "Record erased"),
                    ("password_code", "New password chosen with a code"),
                    ("notes_deleted", "Notes deleted at the person's request"),
                ],
                max_length=24,
            ),
        ),
        migrations.RunPython(keep_history, let_history_go),
    ]
