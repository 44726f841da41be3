from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    """Back and send again is found by the one sent-once mechanism for every form: the
    words' digest moves from contacts to SentForm (coaching/sent_once.py). And a username
    is unique whatever its case, as sign-in and the forms already take it."""

    dependencies = [
        ("coaching", "0037_welsh"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="contact",
            name="contact_sent_once",
        ),
        migrations.RemoveField(
            model_name="contact",
            name="sent_digest",
        ),
        migrations.AddField(
            model_name="sentform",
            name="words",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddIndex(
            model_name="sentform",
            index=models.Index(fields=["sent_at"], name="sent_form_sent_at"),
        ),
        migrations.AddConstraint(
            model_name="sentform",
            constraint=models.UniqueConstraint(
                condition=models.Q(("words__isnull", False)),
                fields=("words",),
                name="sent_form_words_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(Lower("username"), name="user_username_unique_any_case"),
        ),
    ]
