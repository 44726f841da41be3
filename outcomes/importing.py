"""The outcomes app's files of an import (coaching/importer.py, docs/import.md):
wellbeing.csv and outcomes.csv, each written through this app's own service."""

from coaching.importer import ImportFile, import_file, parse_date, parse_moment
from outcomes.models import Outcome, OutcomeType, WellbeingScore
from outcomes.scales import SCALES, current_scale
from outcomes.services import WellbeingNotShared, outcome_record, wellbeing_record


def _answer(text: str) -> int:
    if text not in {"1", "2", "3", "4", "5"}:
        raise ValueError("an answer from 1 to 5")
    return int(text)


@import_file
class Wellbeing(ImportFile):
    name, order, required = "wellbeing", 60, ["ref", "person", "date"]
    refusals = (WellbeingNotShared,)

    def check(self, importing, rows):
        for number, row in importing.new_rows("wellbeing", WellbeingScore, rows):
            person = importing.person("wellbeing", number, row)
            when = importing.value("wellbeing", number, row, "date", parse_moment)
            code = row.get("scale", "").lower() or current_scale().code
            scale = SCALES.get(code)
            if scale is None:
                importing.problem("wellbeing", number, "scale", "is wemwbs or swemwbs")
                continue
            answers = {}
            for item in scale.items:
                answer = importing.value("wellbeing", number, row, f"item_{item}", _answer)
                if answer is not None:
                    answers[item] = answer
            # wellbeing_record refuses it too; named here, every one is reported at once.
            if person and not person["wellbeing"]:
                importing.problem(
                    "wellbeing",
                    number,
                    "person",
                    "this person chose not to record wellbeing scores",
                )
            importing.plan(
                "wellbeing",
                {**row, "_row": number, "when": when, "scale": scale, "answers": answers},
            )

    def write(self, importing, row):
        person = importing.saved_person(row["person"], "current_relationship__coach")
        score = wellbeing_record(
            person=person,
            answers=row["answers"],
            by=person.current_relationship.coach,
            scale=row["scale"],
            at=row["when"],
            # Answered outside Mayday, on the organisation's own forms.
            from_paper=True,
        )
        WellbeingScore.objects.filter(pk=score.pk).update(import_ref=row["ref"])


@import_file
class Outcomes(ImportFile):
    name, order, required = "outcomes", 70, ["ref", "person", "type", "date", "evidence"]

    def check(self, importing, rows):
        types = {}
        for kind in OutcomeType.objects.all():
            types[kind.slug.lower()] = types[kind.name.lower()] = kind
        named = {r.get("sustains", "") for _, r in rows} - {""}
        refs = {r["ref"] for _, r in rows} | set(
            Outcome.objects.filter(import_ref__in=named).values_list("import_ref", flat=True)
        )
        for number, row in importing.new_rows("outcomes", Outcome, rows):
            importing.person("outcomes", number, row)
            achieved = importing.value("outcomes", number, row, "date", parse_date)
            kind = types.get(row["type"].lower())
            if kind is None:
                importing.problem("outcomes", number, "type", f"no outcome type {row['type']!r}")
            if not row["evidence"]:
                importing.problem("outcomes", number, "evidence", "is empty")
            sustains = row.get("sustains", "")
            if sustains and sustains not in refs:
                importing.problem(
                    "outcomes", number, "sustains", f"no outcome with ref {sustains!r}"
                )
            if kind and kind.is_sustainment and not sustains:
                importing.problem(
                    "outcomes", number, "sustains", f"{kind.name} names the outcome it sustains"
                )
            importing.plan("outcomes", {**row, "_row": number, "achieved": achieved, "kind": kind})

    def write(self, importing, row):
        person = importing.saved_person(row["person"], "current_relationship__coach")
        sustains = row.get("sustains", "")
        outcome = outcome_record(
            person=person,
            outcome_type=row["kind"],
            achieved_on=row["achieved"],
            evidence=row["evidence"][:500],
            by=person.current_relationship.coach,
            sustains=Outcome.objects.get(import_ref=sustains) if sustains else None,
        )
        Outcome.objects.filter(pk=outcome.pk).update(import_ref=row["ref"])
