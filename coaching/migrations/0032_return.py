import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import helpers.limits


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0031_voice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Someone who comes back through /ask/ carries on their story: one person may
        # now have more than one request (coaching.returning).
        migrations.AlterField(
            model_name="coachrequest",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="coach_requests",
                to="coaching.person",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="kind",
            field=models.CharField(
                choices=[
                    ("paused", "paused coaching"),
                    ("resumed", "resumed coaching"),
                    ("ended", "ended coaching"),
                    ("restarted", "restarted coaching"),
                    ("sharing_changed", "changed a sharing choice"),
                    ("goal_changed", "added or changed a goal"),
                    ("strength_changed", "added or changed a strength"),
                    ("budget_requested", "asked for a personal budget"),
                    ("budget_withdrawn", "withdrew a budget request"),
                    ("wellbeing_completed", "filled in a wellbeing scale"),
                    ("deletion_requested", "asked for their record to be deleted"),
                    ("details_changed", "changed their name, area or personal details"),
                    ("asked_to_hear", "asked their coach to get in touch"),
                    ("in_touch_changed", "changed their ways of keeping in touch"),
                    ("handed_over", "was handed over to you"),
                ],
                max_length=24,
            ),
        ),
        migrations.CreateModel(
            name="CoachChangeRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "words",
                    models.TextField(
                        blank=True,
                        help_text="Why, in the person's own words, if they said.",
                        max_length=1000,
                    ),
                ),
                ("asked_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                (
                    "handed_to",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="coach_change_requests",
                        to="coaching.person",
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="coach_change_requests",
                        to="coaching.team",
                    ),
                ),
            ],
            options={
                "ordering": ["-asked_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("answered_at__isnull", True)),
                        fields=("person",),
                        name="one_open_coach_change_request",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("answered_at__isnull", True), ("handed_to__isnull", True)),
                            models.Q(("answered_at__isnull", False), ("handed_to__isnull", False)),
                            _connector="OR",
                        ),
                        name="coach_change_answered_whole",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="words",
                        limit=1000,
                        name="coach_change_words_within_limit",
                        violation_error_message="Please keep this to 1,000 characters.",
                    ),
                ],
            },
        ),
    ]
