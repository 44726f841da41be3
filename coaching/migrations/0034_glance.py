"""A system barrier's kind of service (its category), and whether it was raised with the
service and followed up. The services coaches typed before are given a category where
the match is certain (case, dots and spaces aside, a known name or spelling); the rest
are "other", their words kept as they were."""

import re

from django.db import migrations, models

# Known names and spellings, as `_plain` makes them. Only names that can mean one kind
# of service: "housing" alone could be the council or a housing association.
KNOWN = {
    "council_housing": [
        "council housing",
        "council housing department",
        "council housing team",
        "housing department",
        "housing office",
        "housing options",
        "housing options team",
        "homeless team",
        "homelessness team",
        "council homelessness team",
    ],
    "council_other": [
        "council",
        "the council",
        "local council",
        "city council",
        "county council",
        "social services",
        "adult social care",
        "childrens services",
        "children's services",
        "council tax",
    ],
    "dwp": [
        "dwp",
        "the dwp",
        "department for work and pensions",
        "department of work and pensions",
        "jobcentre",
        "job centre",
        "jobcentre plus",
        "job centre plus",
        "the jobcentre",
        "the job centre",
        "universal credit",
        "benefits agency",
    ],
    "gp_nhs": [
        "gp",
        "the gp",
        "gp surgery",
        "doctor",
        "doctors",
        "doctor's",
        "the doctors",
        "nhs",
        "hospital",
        "a&e",
        "a and e",
    ],
    "mental_health": [
        "cmht",
        "community mental health team",
        "mental health team",
        "mental health services",
        "mental health service",
        "camhs",
        "crisis team",
        "talking therapies",
        "iapt",
    ],
    "landlord": ["landlord", "the landlord", "private landlord", "letting agent", "letting agents"],
    "police_courts": [
        "police",
        "the police",
        "court",
        "courts",
        "the court",
        "magistrates court",
        "magistrates' court",
        "probation",
    ],
    "home_office": ["home office", "the home office", "ukvi", "uk visas and immigration"],
    "education": ["school", "college", "university", "education"],
    "employer": ["employer", "my employer", "their employer"],
}
CATEGORY_OF = {name: category for category, names in KNOWN.items() for name in names}
BATCH = 1_000


def plain(service: str) -> str:
    """A service's name without case, dots or extra spaces: "D.W.P. " reads "dwp"."""
    return re.sub(r"\s+", " ", service.replace(".", "").strip().lower())


def category_for(service: str) -> str:
    return CATEGORY_OF.get(plain(service), "other")


def give_categories(apps, schema_editor):
    barrier_model = apps.get_model("coaching", "SystemBarrier")
    found: dict[str, list[int]] = {}
    for pk, service in barrier_model.objects.values_list("pk", "service").iterator():
        category = category_for(service)
        if category != "other":
            found.setdefault(category, []).append(pk)
    for category, pks in found.items():
        for start in range(0, len(pks), BATCH):
            barrier_model.objects.filter(pk__in=pks[start : start + BATCH]).update(
                category=category
            )


CATEGORIES = [
    ("council_housing", "Council housing"),
    ("council_other", "Other council services"),
    ("dwp", "DWP and benefits"),
    ("gp_nhs", "GP and NHS"),
    ("mental_health", "Mental health services"),
    ("landlord", "Landlord"),
    ("police_courts", "Police and courts"),
    ("home_office", "Home Office"),
    ("education", "Education"),
    ("employer", "Employer"),
    ("other", "Other"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0033_coach_minute"),
    ]

    operations = [
        migrations.AddField(
            model_name="systembarrier",
            name="category",
            field=models.CharField(choices=CATEGORIES, default="other", max_length=20),
        ),
        migrations.AddField(
            model_name="systembarrier",
            name="followed_up",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="systembarrier",
            name="raised_with_service",
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name="systembarrier",
            constraint=models.CheckConstraint(
                condition=models.Q(category__in=[value for value, _ in CATEGORIES]),
                name="barrier_category_known",
            ),
        ),
        migrations.RunPython(give_categories, migrations.RunPython.noop),
    ]
