import django.db.models.deletion
import django.utils.timezone
import helpers.limits
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0038_resend"),
    ]

    operations = [
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
                    ("correction_asked", "asked for a correction to their story"),
                    ("handed_over", "was handed over to you"),
                ],
                max_length=24,
            ),
        ),
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("asked_words", models.TextField(max_length=1000)),
                ("asked_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "answer",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Not answered yet"),
                            ("corrected", "Corrected"),
                            ("not_corrected", "Not changed, and why"),
                        ],
                        max_length=16,
                    ),
                ),
                ("answer_words", models.TextField(blank=True, max_length=1000)),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "contact",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="coaching.contact",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="coaching.person",
                    ),
                ),
                (
                    "step",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="coaching.relationshipevent",
                    ),
                ),
            ],
            options={
                "ordering": ["-asked_at", "-pk"],
                "indexes": [
                    models.Index(fields=["person", "-asked_at"], name="correction_person_asked")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("contact__isnull", False), ("step__isnull", True)),
                            models.Q(("contact__isnull", True), ("step__isnull", False)),
                            _connector="OR",
                        ),
                        name="correction_about_one_entry",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("answer", ""), ("answered_at__isnull", True)),
                            models.Q(
                                ("answer__in", ["corrected", "not_corrected"]),
                                ("answered_at__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="correction_answered_with_a_time",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="asked_words",
                        limit=1000,
                        name="correction_asked_within_limit",
                        violation_error_message="Please keep this to 1,000 characters.",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="answer_words",
                        limit=1000,
                        name="correction_answer_within_limit",
                        violation_error_message="Please keep this to 1,000 characters.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PersonEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=1000)),
                ("written_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="story_entries",
                        to="coaching.person",
                    ),
                ),
            ],
            options={
                "ordering": ["-written_at", "-pk"],
                "indexes": [
                    models.Index(fields=["person", "-written_at"], name="person_entry_written")
                ],
                "constraints": [
                    helpers.limits.LengthLimit(
                        field_name="text",
                        limit=1000,
                        name="person_entry_text_within_limit",
                        violation_error_message="Please keep this to 1,000 characters.",
                    )
                ],
            },
        ),
    ]
