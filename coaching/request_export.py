"""A person's request for a coach, in their "Download my data"."""

from django.utils.translation import gettext_lazy as _

from coaching.export import ExportSection, export_section
from coaching.models import CoachRequest


@export_section
def coach_request(person) -> ExportSection:
    rows = [
        {
            "asked_at": r.created_at.isoformat(),
            "name_given": r.name,
            "how_to_reach": f"{r.get_reach_by_display()}: {r.reach_details}",
            "area": r.area or _("Not sure"),
            "anything_to_know": r.message,
            "passed_on_by": r.passed_on_by,
            "you_told_your_coach_you_wanted_coaching": r.person_agreed,
            "taken_at": r.taken_at.isoformat() if r.taken_at else None,
        }
        for r in CoachRequest.objects.filter(person=person)
    ]
    return ExportSection(
        key="coach_request",
        tables=("coaching.CoachRequest",),
        title=_("How you asked for a coach"),
        rows=rows,
        order=29,
        # Beside "You asked for a coach: Yes" from their coaching's beginning, a bare
        # "Nothing here" read as a contradiction.
        empty=_(
            "No request form is kept for you: it is kept only when someone asks for a "
            "coach through the form on this site."
        ),
    )
