"""The person's wellbeing scores and outcomes, in their data export."""

from coaching.export import ExportSection, export_section, leave_out
from outcomes.models import Outcome, WellbeingScore


@export_section
def wellbeing_scores(person) -> ExportSection:
    scores = WellbeingScore.objects.filter(person=person).select_related("completed_by")
    return ExportSection(
        key="wellbeing_scores",
        tables=("outcomes.WellbeingScore",),
        title="Your wellbeing scores",
        order=60,
        rows=[
            {
                "completed_at": score.completed_at.isoformat(),
                "scale": score.get_scale_display(),
                "score": str(score.score),
                "raw_score": score.raw_score,
                "answers": {str(n): answer for n, answer in score.answers().items()},
                "filled_in": score.get_completed_with_display(),
                "answered_from": score.get_answered_from_display(),
                "with": score.completed_by.display_name
                if score.completed_by and not score.completed_by.is_person
                else "",
            }
            for score in scores
        ],
    )


@export_section
def outcomes(person) -> ExportSection:
    rows = Outcome.objects.filter(person=person).select_related("type", "recorded_by")
    return ExportSection(
        key="outcomes",
        tables=("outcomes.Outcome",),
        title="Outcomes",
        order=61,
        rows=[
            {
                "outcome": outcome.type.name,
                "achieved_on": outcome.achieved_on.isoformat(),
                "evidence": outcome.evidence,
                "recorded_by": outcome.recorded_by.display_name,
                "verified": outcome.is_verified,
                "verified_on": outcome.verified_at.date().isoformat()
                if outcome.verified_at
                else "",
            }
            for outcome in rows.order_by("achieved_on", "pk")
        ],
    )


leave_out(
    "outcomes.PeopleNow",
    "Counts of how many people each coach works with. They hold no names.",
)
leave_out(
    "outcomes.WellbeingSummary",
    "Your first and latest wellbeing score, worked out from your scores above.",
)
