"""The person's wellbeing scores and outcomes, in their data export."""

from django.utils.translation import gettext_lazy as _

from coaching.export import ExportSection, export_section, field_words, leave_out
from outcomes.models import ClaimLine, Enrolment, Outcome, WellbeingScore


@export_section
def wellbeing_scores(person) -> ExportSection:
    scores = WellbeingScore.objects.filter(person=person).select_related("completed_by")
    return ExportSection(
        key="wellbeing_scores",
        tables=("outcomes.WellbeingScore",),
        title=_("Your wellbeing scores"),
        order=60,
        rows=[
            {
                "completed_at": score.completed_at.isoformat(),
                "scale": score.get_scale_display(),
                "score": str(score.score),
                "raw_score": score.raw_score,
                "answers": {str(n): answer for n, answer in score.answers().items()},
                "filled_in": FILLED_IN.get(score.completed_with, score.completed_with),
                "answered_from": ANSWERED_FROM.get(score.answered_from, score.answered_from),
                "with": score.completed_by.display_name
                if score.completed_by and not score.completed_by.is_person
                else "",
            }
            for score in scores
        ],
    )


# How a score was filled in, to the person (the staff's labels say "their").
FILLED_IN = {
    WellbeingScore.CompletedWith.SELF: _("On your own"),
    WellbeingScore.CompletedWith.COACH: _("With your coach"),
}
ANSWERED_FROM = {
    WellbeingScore.AnsweredFrom.WORDING: _("The questions on screen"),
    WellbeingScore.AnsweredFrom.PAPER: _("The paper form, typed in by a coach"),
    WellbeingScore.AnsweredFrom.THEMES: _("Short themes only, so not counted"),
}


@export_section
def outcomes(person) -> ExportSection:
    rows = Outcome.objects.filter(person=person).select_related("type", "recorded_by")
    return ExportSection(
        key="outcomes",
        tables=("outcomes.Outcome",),
        title=_("Outcomes"),
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
    _("Counts of how many people each coach works with. They hold no names."),
)
leave_out(
    "outcomes.WellbeingSummary",
    _("Your first and latest wellbeing score, worked out from your scores above."),
)


@export_section
def contracts(person) -> ExportSection:
    """The contracts the person was enrolled in, and their outcomes claimed from the
    contract's payers (without the money: that is the charity's business)."""
    enrolments = Enrolment.objects.filter(person=person).select_related("contract")
    lines = ClaimLine.objects.filter(person=person).select_related(
        "claim__contract", "outcome_type"
    )
    return ExportSection(
        key="contracts",
        tables=("outcomes.Enrolment", "outcomes.ClaimLine"),
        title=_("Contracts that pay for outcomes"),
        order=62,
        rows=[
            {
                "contract": enrolment.contract.name,
                "enrolled_on": enrolment.enrolled_on.isoformat(),
                "counted": enrolment.eligible,
                "why_not": enrolment.not_eligible_because,
            }
            for enrolment in enrolments
        ]
        + [
            {
                "contract": line.claim.contract.name,
                "claimed": line.outcome_type.name,
                "achieved_on": line.achieved_on.isoformat(),
                "your_reference": line.reference,
            }
            for line in lines.order_by("achieved_on", "pk")
        ],
    )


leave_out(
    "outcomes.Claim",
    _("A claim as a whole, made by staff to a contract's payers. Your part of it is above."),
)
leave_out("outcomes.Payment", _("What a contract's payers paid the charity. It holds no names."))
leave_out(
    "outcomes.Extract",
    _("A record of which staff made an evaluator's file, and when. It holds no names."),
)


field_words(
    {
        "completed_at": _("Filled in"),
        "scale": _("Scale"),
        "score": _("Score"),
        "raw_score": _("Score before it was worked out"),
        "answers": _("Answers"),
        "filled_in": _("How it was filled in"),
        "answered_from": _("Answered from"),
        "with": _("With"),
        "outcome": _("Outcome"),
        "achieved_on": _("Reached on"),
        "evidence": _("Evidence"),
        "verified": _("Checked"),
        "verified_on": _("Checked on"),
        "contract": _("Contract"),
        "enrolled_on": _("Joined on"),
        "counted": _("Counted"),
        "why_not": _("Why not"),
        "claimed": _("Claimed"),
        "your_reference": _("Your reference"),
    }
)
