import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """One table of forms already sent (coaching/sent_once.py), in place of the keys
    the contact and ask-for-a-coach forms each kept on their own rows. The old keys
    are not copied: a page loaded before this sends its key under the old name, which
    nothing reads now, so it saves as a form without a key does."""

    dependencies = [
        ("coaching", "0025_every_text_has_a_limit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(
            model_name="coachrequest",
            name="idempotency_key",
        ),
        migrations.RemoveField(
            model_name="contact",
            name="idempotency_key",
        ),
        migrations.CreateModel(
            name="SentForm",
            fields=[
                ("key", models.UUIDField(editable=False, primary_key=True, serialize=False)),
                (
                    "sent_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("result_url", models.CharField(editable=False, max_length=300)),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
