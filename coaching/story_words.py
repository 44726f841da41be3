"""The person's own words in their story (coaching.timeline): an entry they added, their
ask that an entry be corrected, and their coach's answer, each its own moment, drawn by
templates/coaching/includes/story_words_entry.html.

An entry the person added shows to their coach only while they keep notes
(docs/design.md, "My words in my story"). A correction and its answer show to both:
the coach must read the ask to answer it.
"""

from coaching.models import Correction, PersonEntry
from coaching.reading import display_name
from coaching.timeline import story_source

TEMPLATE = "coaching/includes/story_words_entry.html"
ABOUT = ("contact_id", "step_id", "contact__occurred_at", "step__occurred_at")


@story_source("my_words", when="written_at", fields=("text",), template=TEMPLATE)
def my_words(person, viewer: str):
    entries = PersonEntry.objects.filter(person=person)
    if viewer == "coach":
        # Read live, so the choice holds the moment it changes.
        entries = entries.filter(person__share_notes=True)
    return entries


@story_source(
    "correction_asked", when="asked_at", fields=("asked_words", "answer", *ABOUT), template=TEMPLATE
)
def correction_asked(person, viewer: str):
    return Correction.objects.filter(person=person)


@story_source(
    "correction_answered",
    when="answered_at",
    fields=("asked_words", "answer", "answer_words", *ABOUT),
    template=TEMPLATE,
    computed={"answered_by": display_name("answered_by")},
)
def correction_answered(person, viewer: str):
    return Correction.objects.filter(person=person, answered_at__isnull=False)
