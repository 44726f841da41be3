import django.db.models.deletion
import django.utils.timezone
import helpers.limits
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0032_return"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LearningSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held_on", models.DateField(verbose_name="held on")),
                ("themes_found", models.TextField(max_length=2000, verbose_name="themes we found")),
                (
                    "notes",
                    models.TextField(blank=True, max_length=4000, verbose_name="notes (optional)"),
                ),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="coaching.team",
                    ),
                ),
            ],
            options={
                "ordering": ["-held_on", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("themes_found", ""), _negated=True),
                        name="learning_session_has_themes",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="themes_found",
                        limit=2000,
                        name="learning_session_themes_limit",
                        violation_error_message="Please keep this to 2,000 characters.",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="notes",
                        limit=4000,
                        name="learning_session_notes_limit",
                        violation_error_message="Please keep this to 4,000 characters.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Reflection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("written_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "noticed",
                    models.TextField(blank=True, max_length=4000, verbose_name="what I noticed"),
                ),
                (
                    "helped",
                    models.TextField(blank=True, max_length=4000, verbose_name="what helped"),
                ),
                (
                    "got_in_the_way",
                    models.TextField(
                        blank=True, max_length=4000, verbose_name="what got in the way"
                    ),
                ),
                (
                    "shared_with_manager",
                    models.BooleanField(default=False, verbose_name="share with my team's manager"),
                ),
                (
                    "coach",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reflections",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reflections",
                        to="coaching.person",
                    ),
                ),
            ],
            options={
                "ordering": ["-written_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("got_in_the_way", ""), ("helped", ""), ("noticed", ""), _negated=True
                        ),
                        name="reflection_says_something",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="noticed",
                        limit=4000,
                        name="reflection_noticed_limit",
                        violation_error_message="Please keep this to 4,000 characters.",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="helped",
                        limit=4000,
                        name="reflection_helped_limit",
                        violation_error_message="Please keep this to 4,000 characters.",
                    ),
                    helpers.limits.LengthLimit(
                        field_name="got_in_the_way",
                        limit=4000,
                        name="reflection_got_in_the_way_limit",
                        violation_error_message="Please keep this to 4,000 characters.",
                    ),
                ],
            },
        ),
    ]
