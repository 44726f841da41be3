import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import helpers.limits
from django.conf import settings
from django.db import migrations, models


def one_payer_for_each_contract(apps, schema_editor):
    """Every contract had one funder and one cap: that funder pays all of it."""
    Contract = apps.get_model("outcomes", "Contract")
    Payer = apps.get_model("outcomes", "Payer")
    Payer.objects.bulk_create(
        Payer(contract=contract, name=contract.funder, share=100, cap=contract.cap)
        for contract in Contract.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0012_glance"),
        ("coaching", "0035_contracts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Claim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period_start", models.DateField()),
                ("period_end", models.DateField()),
                (
                    "state",
                    models.CharField(
                        choices=[("draft", "Being reviewed"), ("submitted", "Submitted")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                ("prepared_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("submitted_at", models.DateTimeField(null=True)),
                ("reporting_off", models.PositiveIntegerField(default=0)),
                ("beyond_cap", models.PositiveIntegerField(default=0)),
                (
                    "import_ref",
                    models.CharField(
                        blank=True, editable=False, max_length=64, null=True, unique=True
                    ),
                ),
            ],
            options={
                "ordering": ["-period_end", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ClaimLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reference", models.CharField(max_length=20)),
                ("achieved_on", models.DateField()),
                ("tariff", models.DecimalField(decimal_places=2, max_digits=10)),
                ("amount", models.DecimalField(decimal_places=2, max_digits=10)),
                (
                    "import_ref",
                    models.CharField(
                        blank=True, editable=False, max_length=64, null=True, unique=True
                    ),
                ),
            ],
            options={
                "ordering": ["achieved_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ClaimShare",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=10)),
            ],
            options={
                "ordering": ["line", "-payer__share"],
            },
        ),
        migrations.CreateModel(
            name="Enrolment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("enrolled_on", models.DateField()),
                ("eligible", models.BooleanField()),
                ("not_eligible_because", models.CharField(blank=True, max_length=200)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "import_ref",
                    models.CharField(
                        blank=True, editable=False, max_length=64, null=True, unique=True
                    ),
                ),
            ],
            options={
                "ordering": ["enrolled_on", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Extract",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period_start", models.DateField()),
                ("period_end", models.DateField()),
                ("made_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("made_for", models.CharField(help_text="Who the extract is for.", max_length=160)),
                ("rows", models.PositiveIntegerField()),
            ],
            options={
                "ordering": ["-made_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Payer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=160)),
                (
                    "share",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="Its share of each tariff, in per cent.",
                        max_digits=5,
                    ),
                ),
                (
                    "cap",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="The most it will pay, in pounds.",
                        max_digits=12,
                    ),
                ),
                (
                    "import_ref",
                    models.CharField(
                        blank=True, editable=False, max_length=64, null=True, unique=True
                    ),
                ),
            ],
            options={
                "ordering": ["-share", "name"],
            },
        ),
        migrations.CreateModel(
            name="Payment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                ("paid_on", models.DateField()),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "import_ref",
                    models.CharField(
                        blank=True, editable=False, max_length=64, null=True, unique=True
                    ),
                ),
            ],
            options={
                "ordering": ["paid_on", "pk"],
            },
        ),
        migrations.AddField(
            model_name="contract",
            name="began_within_period",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Only people who began coaching within the contract's period.",
            ),
        ),
        migrations.AddField(
            model_name="contract",
            name="commissioners",
            field=models.ManyToManyField(
                blank=True,
                limit_choices_to={"role": "commissioner"},
                related_name="commissioned_contracts",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="contract",
            name="max_age",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="contract",
            name="min_age",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="contract",
            name="takes",
            field=models.CharField(
                choices=[
                    ("teams", "Everyone coached in its teams"),
                    ("enrolled", "Only the people enrolled in it"),
                ],
                db_default="teams",
                default="teams",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="ended_because",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                help_text="Why it ended, in the person's own words.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="ended_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="contract",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("takes", "enrolled"),
                    models.Q(
                        ("began_within_period", False),
                        ("max_age__isnull", True),
                        ("min_age__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="contract_eligibility_only_with_enrolment",
                violation_error_message="Only a contract that counts the people enrolled can have rules about who is eligible.",
            ),
        ),
        migrations.AddConstraint(
            model_name="contract",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("min_age__isnull", True),
                    ("max_age__isnull", True),
                    ("min_age__lte", models.F("max_age")),
                    _connector="OR",
                ),
                name="contract_ages_in_order",
                violation_error_message="The youngest age is at most the oldest.",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("ended_because", ""), ("ended_on__isnull", True)),
                    models.Q(
                        ("ended_on__isnull", False), models.Q(("ended_because", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="outcome_ended_with_a_reason",
                violation_error_message="Say why it ended, in their words.",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ended_on__isnull", True),
                    ("ended_on__gte", models.F("achieved_on")),
                    _connector="OR",
                ),
                name="outcome_ends_after_it_began",
                violation_error_message="It ended on or after the day it began.",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=helpers.limits.LengthLimit(
                field_name="ended_because",
                limit=300,
                name="outcome_why_ended_within_limit",
                violation_error_message="Please keep this to 300 characters.",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="contract",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="outcomes.contract",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="prepared_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="submitted_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="claimline",
            name="claim",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="outcomes.claim",
            ),
        ),
        migrations.AddField(
            model_name="claimline",
            name="outcome",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="claim_lines",
                to="outcomes.outcome",
            ),
        ),
        migrations.AddField(
            model_name="claimline",
            name="outcome_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="outcomes.outcometype",
            ),
        ),
        migrations.AddField(
            model_name="claimline",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="claim_lines",
                to="coaching.person",
            ),
        ),
        migrations.AddField(
            model_name="claimshare",
            name="line",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="shares",
                to="outcomes.claimline",
            ),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="contract",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enrolments",
                to="outcomes.contract",
            ),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="enrolled_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="enrolments",
                to="coaching.person",
            ),
        ),
        migrations.AddField(
            model_name="extract",
            name="contract",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="extracts",
                to="outcomes.contract",
            ),
        ),
        migrations.AddField(
            model_name="extract",
            name="made_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="payer",
            name="contract",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="payers",
                to="outcomes.contract",
            ),
        ),
        migrations.AddField(
            model_name="claimshare",
            name="payer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claim_shares",
                to="outcomes.payer",
            ),
        ),
        migrations.AddField(
            model_name="payment",
            name="claim",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="payments",
                to="outcomes.claim",
            ),
        ),
        migrations.AddField(
            model_name="payment",
            name="payer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="payments",
                to="outcomes.payer",
            ),
        ),
        migrations.AddField(
            model_name="payment",
            name="recorded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "draft")),
                fields=("contract",),
                name="claim_one_draft_per_contract",
                violation_error_message="This contract has a claim being reviewed already.",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("period_end__gte", models.F("period_start"))),
                name="claim_period_in_order",
                violation_error_message="A claim's period ends on or after the day it starts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("state", "draft"),
                        ("submitted_at__isnull", True),
                        ("submitted_by__isnull", True),
                    ),
                    models.Q(
                        ("state", "submitted"),
                        ("submitted_at__isnull", False),
                        ("submitted_by__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="claim_submitted_by_and_at_together",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimline",
            constraint=models.UniqueConstraint(
                condition=models.Q(("outcome__isnull", False)),
                fields=("outcome",),
                name="claim_line_outcome_claimed_once",
                violation_error_message="That outcome has been claimed already.",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimline",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gte", 0), ("amount__lte", models.F("tariff"))),
                name="claim_line_amount_within_tariff",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.UniqueConstraint(
                fields=("contract", "person"),
                name="enrolment_once_per_contract",
                violation_error_message="They are already enrolled in this contract.",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("eligible", True), ("not_eligible_because", "")),
                    models.Q(
                        ("eligible", False), models.Q(("not_eligible_because", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="enrolment_says_why_not_eligible",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=helpers.limits.LengthLimit(
                field_name="not_eligible_because",
                limit=200,
                name="enrolment_why_within_limit",
                violation_error_message="Please keep this to 200 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="extract",
            constraint=helpers.limits.LengthLimit(
                field_name="made_for",
                limit=160,
                name="extract_made_for_within_limit",
                violation_error_message="Please keep this to 160 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="extract",
            constraint=models.CheckConstraint(
                condition=models.Q(("period_end__gte", models.F("period_start"))),
                name="extract_period_in_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="payer",
            constraint=models.UniqueConstraint(
                models.F("contract"),
                django.db.models.functions.text.Lower("name"),
                name="payer_name_once_per_contract",
                violation_error_message="That payer is already named for this contract.",
            ),
        ),
        migrations.AddConstraint(
            model_name="payer",
            constraint=models.CheckConstraint(
                condition=models.Q(("share__gt", 0), ("share__lte", 100)),
                name="payer_share_a_percentage",
                violation_error_message="A payer's share is more than 0% and at most 100%.",
            ),
        ),
        migrations.AddConstraint(
            model_name="payer",
            constraint=models.CheckConstraint(
                condition=models.Q(("cap__gte", 0)),
                name="payer_cap_not_negative",
                violation_error_message="The cap cannot be less than £0.",
            ),
        ),
        migrations.AddConstraint(
            model_name="payer",
            constraint=helpers.limits.LengthLimit(
                field_name="name",
                limit=160,
                name="payer_name_within_limit",
                violation_error_message="Please keep this to 160 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimshare",
            constraint=models.UniqueConstraint(
                fields=("line", "payer"), name="claim_share_once_per_payer"
            ),
        ),
        migrations.AddConstraint(
            model_name="claimshare",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gte", 0)), name="claim_share_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gt", 0)),
                name="payment_more_than_nothing",
                violation_error_message="A payment is more than £0.",
            ),
        ),
        migrations.RunPython(one_payer_for_each_contract, migrations.RunPython.noop),
    ]
