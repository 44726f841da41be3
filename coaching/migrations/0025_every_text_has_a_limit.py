import helpers.limits
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every text a user types has a limit in the database too (helpers.limits)."""

    dependencies = [
        ("coaching", "0024_history_kept_by_the_database"),
    ]

    operations = [
        migrations.AlterField(
            model_name="coachrequest",
            name="message",
            field=models.TextField(
                blank=True, help_text="Anything they'd like us to know.", max_length=2000
            ),
        ),
        migrations.AlterField(
            model_name="contact",
            name="connections",
            field=models.TextField(
                blank=True,
                help_text="Other organisations you put them in touch with.",
                max_length=2000,
                verbose_name="connections made",
            ),
        ),
        migrations.AlterField(
            model_name="contact",
            name="notes",
            field=models.TextField(blank=True, max_length=10000),
        ),
        migrations.AlterField(
            model_name="relationshipevent",
            name="reason",
            field=models.TextField(
                blank=True, help_text="In the person's own words.", max_length=2000
            ),
        ),
        migrations.AlterField(
            model_name="systembarrier",
            name="what_happened",
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AddConstraint(
            model_name="coachrequest",
            constraint=helpers.limits.LengthLimit(
                field_name="name",
                limit=120,
                name="coach_request_name_within_limit",
                violation_error_message="Please keep this to 120 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="coachrequest",
            constraint=helpers.limits.LengthLimit(
                field_name="reach_details",
                limit=500,
                name="coach_request_reach_details_within_limit",
                violation_error_message="Please keep this to 500 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="coachrequest",
            constraint=helpers.limits.LengthLimit(
                field_name="area",
                limit=120,
                name="coach_request_area_within_limit",
                violation_error_message="Please keep this to 120 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="coachrequest",
            constraint=helpers.limits.LengthLimit(
                field_name="message",
                limit=2000,
                name="coach_request_message_within_limit",
                violation_error_message="Please keep this to 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="coachrequest",
            constraint=helpers.limits.LengthLimit(
                field_name="passed_on_by",
                limit=200,
                name="coach_request_passed_on_by_within_limit",
                violation_error_message="Please keep this to 200 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="coachrequestpass",
            constraint=helpers.limits.LengthLimit(
                field_name="note",
                limit=500,
                name="coach_request_pass_note_within_limit",
                violation_error_message="Please keep this to 500 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="contact",
            constraint=helpers.limits.LengthLimit(
                field_name="place",
                limit=200,
                name="contact_place_within_limit",
                violation_error_message="Please keep this to 200 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="contact",
            constraint=helpers.limits.LengthLimit(
                field_name="notes",
                limit=10000,
                name="contact_notes_within_limit",
                violation_error_message="Please keep this to 10,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="contact",
            constraint=helpers.limits.LengthLimit(
                field_name="connections",
                limit=2000,
                name="contact_connections_within_limit",
                violation_error_message="Please keep this to 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=helpers.limits.LengthLimit(
                field_name="text",
                limit=500,
                name="goal_text_within_limit",
                violation_error_message="Please keep this to 500 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=helpers.limits.LengthLimit(
                field_name="name",
                limit=120,
                name="person_name_within_limit",
                violation_error_message="Please keep this to 120 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=helpers.limits.LengthLimit(
                field_name="area",
                limit=120,
                name="person_area_within_limit",
                violation_error_message="Please keep this to 120 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="personaldetails",
            constraint=helpers.limits.LengthLimit(
                field_name="gender_own_words",
                limit=100,
                name="gender_own_words_within_limit",
                violation_error_message="Please keep this to 100 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="personaldetails",
            constraint=helpers.limits.LengthLimit(
                field_name="ethnicity_own_words",
                limit=100,
                name="ethnicity_own_words_within_limit",
                violation_error_message="Please keep this to 100 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="personaldetails",
            constraint=helpers.limits.LengthLimit(
                field_name="pronouns",
                limit=40,
                name="pronouns_within_limit",
                violation_error_message="Please keep this to 40 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="relationshipevent",
            constraint=helpers.limits.LengthLimit(
                field_name="reason",
                limit=2000,
                name="event_reason_within_limit",
                violation_error_message="Please keep this to 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="strength",
            constraint=helpers.limits.LengthLimit(
                field_name="text",
                limit=500,
                name="strength_text_within_limit",
                violation_error_message="Please keep this to 500 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="systembarrier",
            constraint=helpers.limits.LengthLimit(
                field_name="service",
                limit=200,
                name="barrier_service_within_limit",
                violation_error_message="Please keep this to 200 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="systembarrier",
            constraint=helpers.limits.LengthLimit(
                field_name="what_happened",
                limit=2000,
                name="barrier_what_happened_within_limit",
                violation_error_message="Please keep this to 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="team",
            constraint=helpers.limits.LengthLimit(
                field_name="name",
                limit=120,
                name="team_name_within_limit",
                violation_error_message="Please keep this to 120 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="team",
            constraint=helpers.limits.LengthLimit(
                field_name="area",
                limit=120,
                name="team_area_within_limit",
                violation_error_message="Please keep this to 120 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=helpers.limits.LengthLimit(
                field_name="name",
                limit=60,
                name="theme_name_within_limit",
                violation_error_message="Please keep this to 60 characters.",
            ),
        ),
    ]
