import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import helpers.limits


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0029_audit_read_per_person"),
    ]

    operations = [
        migrations.CreateModel(
            name="AreaMove",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("moved_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("from_area", models.CharField(blank=True, max_length=120)),
                ("to_area", models.CharField(blank=True, max_length=120)),
                (
                    "moved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="area_moves",
                        to="coaching.person",
                    ),
                ),
            ],
            options={
                "constraints": [
                    helpers.limits.LengthLimit(
                        field_name="from_area",
                        limit=120,
                        name="area_move_from_within_limit",
                        violation_error_message="Please keep this to 120 characters.",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="to_area",
                        limit=120,
                        name="area_move_to_within_limit",
                        violation_error_message="Please keep this to 120 characters.",
                    ),
                ],
            },
        ),
        # A handover is news for the new coach (coaching.services.hand_over).
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
                    ("handed_over", "came to you from another coach, with their whole story"),
                ],
                max_length=24,
            ),
        ),
    ]
