import helpers.limits
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every text a user types has a limit in the database too (helpers.limits)."""

    dependencies = [
        ("budgets", "0003_paid_to_erased"),
    ]

    operations = [
        migrations.AlterField(
            model_name="budgetrequest",
            name="decline_reason",
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AlterField(
            model_name="budgetrequest",
            name="purpose",
            field=models.TextField(max_length=2000, verbose_name="What it is for"),
        ),
        migrations.AddConstraint(
            model_name="budgetrequest",
            constraint=helpers.limits.LengthLimit(
                field_name="purpose",
                limit=2000,
                name="budget_purpose_within_limit",
                violation_error_message="Please keep this to 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetrequest",
            constraint=helpers.limits.LengthLimit(
                field_name="decline_reason",
                limit=2000,
                name="budget_decline_reason_within_limit",
                violation_error_message="Please keep this to 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="fund",
            constraint=helpers.limits.LengthLimit(
                field_name="name",
                limit=120,
                name="fund_name_within_limit",
                violation_error_message="Please keep this to 120 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="fund",
            constraint=helpers.limits.LengthLimit(
                field_name="funder",
                limit=120,
                name="fund_funder_within_limit",
                violation_error_message="Please keep this to 120 characters.",
            ),
        ),
    ]
