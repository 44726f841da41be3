"""Fairness figures: people who began, who moved on, and wellbeing change, by age band,
gender, ethnic group and disability, from what people chose to give
(coaching/models/details.py). "Not given" (not said, or "prefer not to say") is a group
of its own. Every table ends with everyone, so the small-count rule holds back whatever
would give a group of 1 to 4 away."""

from collections import Counter
from datetime import date

from django.db.models import Case, CharField, Count, F, Value, When
from django.db.models.functions import Coalesce

from coaching.models import PersonalDetails
from coaching.models.details import PREFER_NOT_TO_SAY
from coaching.small_counts import FEWER_THAN, share
from coaching.tables import Table
from outcomes.models import add_months

NOT_GIVEN = "Not given"
# The personal details the figures are grouped by: (key, title).
FAIRNESS = [
    ("age", "Age band"),
    ("gender", "Gender"),
    ("ethnicity", "Ethnic group"),
    ("disability", "Disability or long-term health condition"),
]
FAIRNESS_TABLES = [f"fairness_{key}" for key, _ in FAIRNESS]
# Age in whole years on the period's last day: (value, label, under this age).
AGE_BANDS = [
    ("under_18", "Under 18", 18),
    ("18_24", "18 to 24", 25),
    ("25_34", "25 to 34", 35),
    ("35_49", "35 to 49", 50),
    ("50_64", "50 to 64", 65),
    ("65_over", "65 and over", None),
]


def _groups() -> dict[str, list[tuple[str, str]]]:
    """Each dimension's groups, (value, label), in the order they are shown."""

    def given(choices) -> list[tuple[str, str]]:
        return [(value, label) for value, label in choices if value != PREFER_NOT_TO_SAY]

    return {
        "age": [(value, label) for value, label, _ in AGE_BANDS],
        "gender": given(PersonalDetails.Gender.choices),
        "ethnicity": given(PersonalDetails.Ethnicity.choices),
        "disability": given(PersonalDetails.Disability.choices),
    }


def details(person_path: str, on: date) -> dict:
    """Annotations of each dimension's group, for rows whose person is at `person_path`
    ("" for people): age in whole years on `on`, "" where not given."""
    given = f"{person_path}details__"
    born = f"{given}date_of_birth"
    age = Case(
        *[
            When(**{f"{born}__gt": add_months(on, -12 * years)}, then=Value(value))
            for value, _, years in AGE_BANDS
            if years is not None
        ],
        When(**{f"{born}__isnull": False}, then=Value(AGE_BANDS[-1][0])),
        default=Value(""),
        output_field=CharField(),
    )
    chosen = {name: Coalesce(F(f"{given}{name}"), Value("")) for name, _ in FAIRNESS[1:]}
    return {"age": age, **chosen}


def fairness_tables(
    on: date, began: list[tuple], ended: list[tuple], scores: Counter, improved: Counter
) -> list[Table]:
    """People who began, who moved on (`began`, `ended`: the period's rows from the
    contact summaries, (month, date of birth, gender, ethnicity, disability, n)), and
    wellbeing change (`scores`, `improved`: by combination of groups), by each kind of
    personal detail, ages on `on`. Counted as the people figures count them, from the
    same summaries (their "Everyone" row is theirs)."""
    began, ended = by_groups(began, on), by_groups(ended, on)
    tables = []
    for at, (key, title) in enumerate(FAIRNESS):
        rows = [
            [
                label,
                _in_group(began, at, value),
                _in_group(ended, at, value),
                _in_group(scores, at, value),
                share(_in_group(improved, at, value), _in_group(scores, at, value)),
            ]
            for value, label in [*_groups()[key], ("", NOT_GIVEN)]
        ]
        everyone = scores.total()
        rows.append(
            [
                "Everyone",
                began.total(),
                ended.total(),
                everyone,
                share(improved.total(), everyone),
            ]
        )
        table = Table(
            key=FAIRNESS_TABLES[at],
            title=f"Fairness: by {title.lower()}",
            columns=[
                title,
                "Began coaching",
                "Moved on",
                "People with two or more scores",
                "Share with a meaningful improvement",
            ],
            rows=rows,
            note=(
                "From what people chose to give; “not given” is everyone who did not say "
                f"or preferred not to. A share is not shown for {FEWER_THAN} people."
                + (f" Ages on {on:%-d %B %Y}." if key == "age" else "")
            ),
        )
        table.add_totals_below([1, 2, 3])
        tables.append(table)
    return tables


def _in_group(counts: Counter, at: int, value: str) -> int:
    """How many of `counts` (by combination of groups) are in group `value` of the
    dimension `at`."""
    return sum(n for groups, n in counts.items() if _given(groups[at]) == value)


def _given(value: str) -> str:
    return "" if value == PREFER_NOT_TO_SAY else value


def age_band(born: date | None, on: date) -> str:
    """The age band of someone born on `born` on the day `on`, as `details` has it."""
    if born is None:
        return ""
    for value, _, years in AGE_BANDS:
        if years is None or born > add_months(on, -12 * years):
            return value
    return ""


def by_groups(rows: list[tuple], on: date) -> Counter:
    """Summarised rows (month, date of birth, gender, ethnicity, disability, n) by
    combination of groups, (age, gender, ethnicity, disability), ages on `on`."""
    counts: Counter = Counter()
    for _, born, *given, n in rows:
        born = date.fromisoformat(born) if born else None
        counts[(age_band(born, on), *(value or "" for value in given))] += n
    return counts


def grouped(rows, details: dict) -> Counter:
    """How many rows in each combination of groups, (age, gender, ethnicity, disability)."""
    found = rows.values(**details).annotate(n=Count("pk")).order_by()
    return Counter({tuple(row[key] for key, _ in FAIRNESS): row["n"] for row in found})
