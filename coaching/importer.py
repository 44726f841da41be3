"""Bring a charity's history in from spreadsheets: `manage.py import_records DIR`.

The format is in docs/import.md. Everything is checked first and every problem is
reported with its file, row and column; only when there is none is anything written,
in one transaction, through the same services the app uses. Rows carry a reference
(`ref`), kept as `import_ref`, so importing the same folder again adds nothing twice.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from coaching import services
from coaching.models import (
    Contact,
    InvalidTransition,
    Person,
    Relationship,
    RelationshipEvent,
    Team,
    Theme,
    User,
)
from outcomes import services as outcome_services
from outcomes.models import Outcome, OutcomeType, WellbeingScore
from outcomes.scales import SCALES, current_scale

FILES = ["teams", "coaches", "people", "events", "contacts", "wellbeing", "outcomes"]
REQUIRED = {
    "teams": ["name", "area"],
    "coaches": ["username", "email", "first_name", "team"],
    "people": ["ref", "name", "coach", "began"],
    "events": ["ref", "person", "date", "step"],
    "contacts": ["ref", "person", "when", "how"],
    "wellbeing": ["ref", "person", "date"],
    "outcomes": ["ref", "person", "type", "date", "evidence"],
}
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MOMENT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
YES, NO = {"yes", "y", "true", "on", "1"}, {"no", "n", "false", "off", "0"}
STEPS = {
    "paused": ([Relationship.State.ACTIVE], Relationship.State.PAUSED),
    "resumed": ([Relationship.State.PAUSED], Relationship.State.ACTIVE),
    "ended": (Relationship.OPEN_STATES, Relationship.State.ENDED),
    "restarted": ([Relationship.State.ENDED], Relationship.State.ACTIVE),
    "handed_over": (Relationship.OPEN_STATES, None),
}
# The columns of contacts.csv written about the conversation: services.WRITTEN_ABOUT_THE_
# CONVERSATION, and barriers.
WRITTEN_ABOUT_A_CONTACT = ["where", "minutes", "notes", "connections", "barriers"]
NOTES_OFF = (
    "this person chose not to keep notes, so a contact keeps only when, how, who reached "
    "out and what mattered"
)
CHANNELS = {
    **{v: v for v in Contact.Channel.values},
    **{label.lower(): value for value, label in Contact.Channel.choices},
}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self):
        return f"{self.file}.csv, row {self.row}, column {self.column}: {self.message}"


@dataclass
class Plan:
    """What is to be written, checked; and counts of what is already there."""

    rows: dict = field(default_factory=lambda: {name: [] for name in FILES})
    skipped: dict = field(default_factory=lambda: dict.fromkeys(FILES, 0))


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was imported.")


def import_folder(folder: Path) -> dict:
    """Check every file, then import all of it or nothing. Returns counts per file of
    rows added and rows already imported; raises ImportRefused with every problem."""
    checker = _Checker(Path(folder))
    plan = checker.check()
    if checker.problems:
        raise ImportRefused(checker.problems)
    try:
        with transaction.atomic():
            _write(plan, checker)
    except _RowRefused as refused:
        raise ImportRefused([refused.problem]) from None
    return {
        name: {"added": len(plan.rows[name]), "already there": plan.skipped[name]} for name in FILES
    }


def parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError("a date like 31/01/2025 or 2025-01-31")


def parse_moment(text: str) -> datetime:
    """A date and time in UK time; a date alone is taken as midday."""
    for fmt in MOMENT_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(text.strip(), fmt))
        except ValueError:
            continue
    try:
        return timezone.make_aware(datetime.combine(parse_date(text), time(12)))
    except ValueError:
        raise ValueError("a date like 31/01/2025, or with a time, 31/01/2025 14:30") from None


class _Checker:
    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        self.plan = Plan()
        self.teams = {t.name.lower(): t for t in Team.objects.all()}
        self.coaches = {u.username.lower(): u for u in User.objects.filter(role=User.Role.COACH)}
        self.themes = {}
        for theme in Theme.objects.all():
            self.themes[theme.slug.lower()] = self.themes[theme.name.lower()] = theme
        self.types = {}
        for kind in OutcomeType.objects.all():
            self.types[kind.slug.lower()] = self.types[kind.name.lower()] = kind
        # person ref -> {"state", "last", "share_*", "new"}
        self.people: dict[str, dict] = {}
        self.outcome_refs: set[str] = set()

    def problem(self, file, row, column, message):
        self.problems.append(Problem(file, row, column, message))

    def check(self) -> Plan:
        if not self.folder.is_dir():
            self.problem("(folder)", 0, "-", f"{self.folder} is not a folder")
            return self.plan
        for name in FILES:
            path = self.folder / f"{name}.csv"
            if path.exists():
                rows = self._read(name, path)
                getattr(self, f"_check_{name}")(rows)
        return self.plan

    def _read(self, name, path) -> list[tuple[int, dict]]:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            headers = [h.strip().lower() for h in reader.fieldnames or []]
            missing = [c for c in REQUIRED[name] if c not in headers]
            for column in missing:
                self.problem(name, 1, column, "this column is missing")
            if missing:
                return []
            return [
                (number, {k.strip().lower(): (v or "").strip() for k, v in row.items() if k})
                for number, row in enumerate(reader, start=2)
            ]

    def _value(self, file, number, row, column, parse, required=True):
        text = row.get(column, "")
        if not text:
            if required:
                self.problem(file, number, column, "is empty")
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.problem(file, number, column, f"{text!r} is not {error}")
            return None

    def _flag(self, file, number, row, column, default):
        text = row.get(column, "").lower()
        if not text:
            return default
        if text in YES | NO:
            return text in YES
        self.problem(file, number, column, f"{text!r} is not yes or no")
        return default

    def _check_teams(self, rows):
        for number, row in rows:
            if not row["name"]:
                self.problem("teams", number, "name", "is empty")
            elif row["name"].lower() in self.teams:
                self.plan.skipped["teams"] += 1
            else:
                self.teams[row["name"].lower()] = row
                self.plan.rows["teams"].append({**row, "_row": number})

    def _check_coaches(self, rows):
        for number, row in rows:
            username = row["username"].lower()
            if not username:
                self.problem("coaches", number, "username", "is empty")
                continue
            if row["team"].lower() not in self.teams:
                self.problem("coaches", number, "team", f"no team called {row['team']!r}")
            if username in self.coaches:
                self.plan.skipped["coaches"] += 1
                continue
            if User.objects.filter(username__iexact=username).exists():
                self.problem(
                    "coaches", number, "username", "is taken by someone who is not a coach"
                )
            self.coaches[username] = row
            self.plan.rows["coaches"].append({**row, "_row": number})

    def _check_people(self, rows):
        existing = {
            p.import_ref: p
            for p in Person.objects.filter(
                import_ref__in=[r["ref"] for _, r in rows]
            ).select_related("current_relationship")
        }
        for number, row in rows:
            ref = row["ref"]
            if not ref:
                self.problem("people", number, "ref", "is empty")
                continue
            if ref in self.people:
                self.problem("people", number, "ref", f"{ref!r} appears twice")
                continue
            if ref in existing:
                person = existing[ref]
                self.plan.skipped["people"] += 1
                self.people[ref] = {
                    "new": False,
                    "person": person,
                    "state": person.current_relationship.state,
                    "last": None,
                    "notes": person.share_notes,
                    "wellbeing": person.share_wellbeing,
                }
                continue
            if not row["name"]:
                self.problem("people", number, "name", "is empty")
            if row["coach"].lower() not in self.coaches:
                self.problem("people", number, "coach", f"no coach {row['coach']!r}")
            began = self._value("people", number, row, "began", parse_moment)
            choices = {
                choice: self._flag("people", number, row, choice, default)
                for choice, default in [
                    ("notes", True),
                    ("wellbeing", True),
                    ("reporting", True),
                    ("cover", False),
                ]
            }
            asked = self._flag("people", number, row, "asked_by_person", False)
            self.people[ref] = {"new": True, "state": "active", "last": began, **choices}
            self.plan.rows["people"].append(
                {**row, "_row": number, "began": began, "asked": asked, **choices}
            )

    def _person(self, file, number, row):
        ref = row["person"]
        if ref not in self.people:
            self.problem(file, number, "person", f"no person with ref {ref!r} in people.csv")
            return None
        return self.people[ref]

    def _existing_refs(self, model, rows) -> set:
        refs = [r["ref"] for _, r in rows if r["ref"]]
        return set(model.objects.filter(import_ref__in=refs).values_list("import_ref", flat=True))

    def _new_row(self, file, number, row, existing, seen) -> bool:
        ref = row["ref"]
        if not ref:
            self.problem(file, number, "ref", "is empty")
            return False
        if ref in seen:
            self.problem(file, number, "ref", f"{ref!r} appears twice")
            return False
        seen.add(ref)
        if ref in existing:
            self.plan.skipped[file] += 1
            return False
        return True

    def _check_events(self, rows):
        existing, seen = self._existing_refs(RelationshipEvent, rows), set()
        dated = []
        for number, row in rows:
            if self._new_row("events", number, row, existing, seen):
                when = self._value("events", number, row, "date", parse_moment)
                dated.append((when, number, row))
        # Each person's steps in date order, as they happened.
        for when, number, row in sorted(dated, key=lambda d: (d[0] is None, d[0] or 0, d[1])):
            person = self._person("events", number, row)
            step = row["step"].lower().replace(" ", "_")
            if step not in STEPS:
                self.problem(
                    "events", number, "step", f"{row['step']!r} is not one of {', '.join(STEPS)}"
                )
                continue
            coach = row.get("coach", "").lower()
            if step == "handed_over" and not coach:
                self.problem("events", number, "coach", "a handover names the new coach")
            if coach and coach not in self.coaches:
                self.problem("events", number, "coach", f"no coach {row['coach']!r}")
            until = None
            if row.get("until"):
                if step != "paused":
                    self.problem("events", number, "until", "only a pause has an until date")
                until = self._value("events", number, row, "until", parse_date)
            if person is None or when is None:
                continue
            from_states, to_state = STEPS[step]
            if person["state"] not in from_states:
                self.problem(
                    "events", number, "step", f"cannot be {step} when coaching is {person['state']}"
                )
                continue
            if person["last"] and when < person["last"]:
                self.problem("events", number, "date", "comes before the step already recorded")
                continue
            person["state"], person["last"] = to_state or person["state"], when
            self.plan.rows["events"].append(
                {**row, "_row": number, "when": when, "step": step, "until": until}
            )

    def _check_contacts(self, rows):
        existing, seen = self._existing_refs(Contact, rows), set()
        for number, row in rows:
            if not self._new_row("contacts", number, row, existing, seen):
                continue
            person = self._person("contacts", number, row)
            when = self._value("contacts", number, row, "when", parse_moment)
            how = CHANNELS.get(row["how"].lower())
            if how is None:
                self.problem(
                    "contacts",
                    number,
                    "how",
                    f"{row['how']!r} is not one of {', '.join(Contact.Channel.values)}",
                )
            by = row.get("reached_out_by", "").lower() or "coach"
            if by not in ("person", "coach"):
                self.problem("contacts", number, "reached_out_by", "is person or coach")
            coach = row.get("coach", "").lower()
            if coach and coach not in self.coaches:
                self.problem("contacts", number, "coach", f"no coach {row['coach']!r}")
            minutes = self._value("contacts", number, row, "minutes", _minutes, required=False)
            themes = []
            for name in filter(None, (t.strip().lower() for t in row.get("themes", "").split(";"))):
                if name in self.themes:
                    themes.append(name)
                else:
                    self.problem("contacts", number, "themes", f"no theme {name!r}")
            if person and not person["notes"]:
                for column in WRITTEN_ABOUT_A_CONTACT:
                    if row.get(column, "").strip():
                        self.problem("contacts", number, column, NOTES_OFF)
            barriers = []
            for entry in filter(None, (b.strip() for b in row.get("barriers", "").split("|"))):
                service, _, what = entry.partition(":")
                barriers.append(services.Barrier(service.strip()[:200], what.strip()))
            self.plan.rows["contacts"].append(
                {
                    **row,
                    "_row": number,
                    "when": when,
                    "how": how,
                    "by": by,
                    "minutes": minutes,
                    "themes": themes,
                    "barrier_list": barriers,
                }
            )

    def _check_wellbeing(self, rows):
        existing, seen = self._existing_refs(WellbeingScore, rows), set()
        for number, row in rows:
            if not self._new_row("wellbeing", number, row, existing, seen):
                continue
            person = self._person("wellbeing", number, row)
            when = self._value("wellbeing", number, row, "date", parse_moment)
            code = row.get("scale", "").lower() or current_scale().code
            scale = SCALES.get(code)
            if scale is None:
                self.problem("wellbeing", number, "scale", "is wemwbs or swemwbs")
                continue
            answers = {}
            for item in scale.items:
                answer = self._value("wellbeing", number, row, f"item_{item}", _answer)
                if answer is not None:
                    answers[item] = answer
            if person and not person["wellbeing"]:
                self.problem(
                    "wellbeing",
                    number,
                    "person",
                    "this person chose not to record wellbeing scores",
                )
            self.plan.rows["wellbeing"].append(
                {**row, "_row": number, "when": when, "scale": scale, "answers": answers}
            )

    def _check_outcomes(self, rows):
        existing, seen = self._existing_refs(Outcome, rows), set()
        self.outcome_refs = existing | {r["ref"] for _, r in rows}
        for number, row in rows:
            if not self._new_row("outcomes", number, row, existing, seen):
                continue
            self._person("outcomes", number, row)
            achieved = self._value("outcomes", number, row, "date", parse_date)
            kind = self.types.get(row["type"].lower())
            if kind is None:
                self.problem("outcomes", number, "type", f"no outcome type {row['type']!r}")
            if not row["evidence"]:
                self.problem("outcomes", number, "evidence", "is empty")
            sustains = row.get("sustains", "")
            if sustains and sustains not in self.outcome_refs:
                self.problem("outcomes", number, "sustains", f"no outcome with ref {sustains!r}")
            if kind and kind.is_sustainment and not sustains:
                self.problem(
                    "outcomes", number, "sustains", f"{kind.name} names the outcome it sustains"
                )
            self.plan.rows["outcomes"].append(
                {**row, "_row": number, "achieved": achieved, "kind": kind}
            )


def _minutes(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1440:
        raise ValueError("a number of minutes from 1 to 1440")
    return int(text)


def _answer(text: str) -> int:
    if text not in {"1", "2", "3", "4", "5"}:
        raise ValueError("an answer from 1 to 5")
    return int(text)


class _RowRefused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Row:
    """While writing one row: a rule the services keep (e.g. a sustainment's earliest
    date) becomes a problem with the row's file and number, and nothing is kept."""

    def __init__(self, file, row):
        self.file, self.number = file, row["_row"]

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        if isinstance(error, (ValueError, InvalidTransition, services.NotShared)):
            raise _RowRefused(Problem(self.file, self.number, "-", str(error))) from error
        return False


def _write(plan: Plan, checker: _Checker) -> None:
    for row in plan.rows["teams"]:
        Team.objects.create(name=row["name"], area=row["area"])
    teams = {t.name.lower(): t for t in Team.objects.all()}
    for row in plan.rows["coaches"]:
        coach = User(
            username=row["username"],
            email=row["email"],
            first_name=row["first_name"],
            last_name=row.get("last_name", ""),
            role=User.Role.COACH,
            team=teams[row["team"].lower()],
        )
        # They set a password through "Forgotten your password?" and add a second factor.
        coach.set_unusable_password()
        coach.save()
    coaches = {u.username.lower(): u for u in User.objects.filter(role=User.Role.COACH)}
    people = {p.import_ref: p for p in Person.objects.filter(import_ref__isnull=False)}
    for row in plan.rows["people"]:
        coach = coaches[row["coach"].lower()]
        person = services.person_create(
            name=row["name"],
            area=row.get("area", ""),
            coach=coach,
            by=None,
            asked_by_person=row["asked"],
            began_at=row["began"],
        )
        Person.objects.filter(pk=person.pk).update(
            import_ref=row["ref"],
            **{f"share_{c}": row[c] for c in ("notes", "wellbeing", "reporting", "cover")},
        )
        person.refresh_from_db()
        people[row["ref"]] = person
    for row in plan.rows["events"]:
        with _Row("events", row):
            person = Person.objects.select_related("current_relationship").get(
                pk=people[row["person"]].pk
            )
            event = _step(person, row, coaches)
            RelationshipEvent.objects.filter(pk=event.pk).update(import_ref=row["ref"])
    for row in plan.rows["contacts"]:
        with _Row("contacts", row):
            person = Person.objects.select_related("current_relationship__coach").get(
                pk=people[row["person"]].pk
            )
            coach = coaches.get(row.get("coach", "").lower()) or person.current_relationship.coach
            contact = Contact.objects.create(
                person=person,
                coach=coach,
                occurred_at=row["when"],
                channel=row["how"],
                reached_out_by=row["by"],
                place=row.get("where", ""),
                minutes=row["minutes"],
                notes=row.get("notes", ""),
                connections=row.get("connections", ""),
                import_ref=row["ref"],
            )
            contact.themes.set([checker.themes[t] for t in row["themes"]])
            services._replace_barriers(contact, row["barrier_list"])
    for row in plan.rows["wellbeing"]:
        with _Row("wellbeing", row):
            person = people[row["person"]]
            score = outcome_services.wellbeing_record(
                person=person,
                answers=row["answers"],
                by=person.current_relationship.coach,
                scale=row["scale"],
                at=row["when"],
            )
            WellbeingScore.objects.filter(pk=score.pk).update(import_ref=row["ref"])
    outcomes = {o.import_ref: o for o in Outcome.objects.filter(import_ref__isnull=False)}
    for row in plan.rows["outcomes"]:
        with _Row("outcomes", row):
            person = Person.objects.select_related("current_relationship__coach").get(
                pk=people[row["person"]].pk
            )
            outcome = outcome_services.outcome_record(
                person=person,
                outcome_type=row["kind"],
                achieved_on=row["achieved"],
                evidence=row["evidence"][:500],
                by=person.current_relationship.coach,
                sustains=outcomes.get(row.get("sustains", "")),
            )
            Outcome.objects.filter(pk=outcome.pk).update(import_ref=row["ref"])
            outcomes[row["ref"]] = outcome


def _step(person, row, coaches):
    relationship = person.current_relationship
    coach = coaches.get(row.get("coach", "").lower())
    reason, when = row.get("reason", ""), row["when"]
    if row["step"] == "paused":
        return relationship.pause(by=None, until=row["until"], reason=reason, at=when)
    if row["step"] == "resumed":
        return relationship.resume(by=None, reason=reason, at=when)
    if row["step"] == "ended":
        return relationship.end(by=None, reason=reason, at=when)
    if row["step"] == "restarted":
        return services.relationship_restart(
            person=person, by=None, coach=coach, reason=reason, at=when
        )
    return relationship.hand_over(by=None, to_coach=coach, reason=reason, at=when)
