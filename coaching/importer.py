"""Bring a charity's history in from spreadsheets: `manage.py import_records DIR`.

The format is in docs/import.md. Everything is checked first and every problem is
reported with its file, row and column; only when there is none is anything written,
in one transaction, through the same services the app uses. Rows carry a reference
(`ref`), kept as `import_ref`, so importing the same folder again adds nothing twice.

Each file is an `ImportFile` in `FILES`, read in `order`. Coaching's own files
(teams, coaches, people, events, contacts) are below; an app above adds its files
from its own `importing.py` (found like `admin.py`), for example outcomes':

    from coaching.importer import ImportFile, import_file

    @import_file
    class Outcomes(ImportFile):
        name, order, required = "outcomes", 70, ["ref", "person", "type", ...]

        def check(self, importing, rows): ...      # report problems, plan the rows
        def write(self, importing, row): ...       # through the app's own service
"""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import ClassVar

from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from coaching import services
from coaching.barrier_kinds import category_for
from coaching.models import (
    Contact,
    InvalidTransition,
    Person,
    RelationshipEvent,
    Team,
    Theme,
    User,
)
from coaching.models.relationships import DECISION_STEPS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MOMENT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
YES, NO = {"yes", "y", "true", "on", "1"}, {"no", "n", "false", "off", "0"}
# The steps events.csv may record: the person's decisions, and a handover.
Step = RelationshipEvent.Kind
STEPS = [Step.PAUSED, Step.RESUMED, Step.ENDED, Step.RESTARTED, Step.HANDED_OVER]
DECISIONS = {step: decision for decision, step in DECISION_STEPS.items()}
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


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was imported.")


class ImportFile:
    """One CSV file of the import: its columns, how its rows are checked, and how one
    checked row is written, through the service the app itself uses."""

    name: ClassVar[str]  # the file is `<name>.csv`
    order: ClassVar[int]  # files are read in this order: a row names what came before
    required: ClassVar[list[str]]
    # What the services raise for a row they refuse, besides these (see _Row).
    refusals: ClassVar[tuple[type[Exception], ...]] = ()

    def check(self, importing: "Importing", rows: list[tuple[int, dict]]) -> None:
        raise NotImplementedError

    def write(self, importing: "Importing", row: dict) -> None:
        raise NotImplementedError


FILES: list[ImportFile] = []


def import_file(cls: type[ImportFile]) -> type[ImportFile]:
    """Register an app's import file."""
    if all(type(f) is not cls for f in FILES):
        FILES.append(cls())
    return cls


def import_files() -> list[ImportFile]:
    """Every registered file, coaching's and the apps', in the order they are read."""
    autodiscover_modules("importing")
    return sorted(FILES, key=lambda f: f.order)


@dataclass
class Importing:
    """One import: what the files have checked, the problems found, then what has been
    written. The files share it, as a later file names rows of an earlier one."""

    folder: Path
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    teams: dict = field(default_factory=dict)
    coaches: dict = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    # person ref -> {"state", "last", "notes", "wellbeing", ...} as the checks go along.
    people: dict[str, dict] = field(default_factory=dict)
    # person ref -> the person, once written (or found already there).
    saved_people: dict[str, Person] = field(default_factory=dict)

    def problem(self, file: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(file, row, column, message))

    def plan(self, file: str, row: dict) -> None:
        """A checked row, to be written if the whole import is sound."""
        self.rows.setdefault(file, []).append(row)

    def already_there(self, file: str) -> None:
        self.skipped[file] = self.skipped.get(file, 0) + 1

    def value(self, file, number, row, column, parse, required=True):
        """The column parsed, or None with a problem when it is empty (if required) or
        does not parse."""
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

    def within(self, file, number, row, column, limit: int) -> None:
        """A problem when the column holds more than `limit` characters: refused in
        words, never cut short."""
        length = len(row.get(column, ""))
        if length > limit:
            self.problem(file, number, column, f"is {length:,} characters long; at most {limit:,}")

    def flag(self, file, number, row, column, default: bool) -> bool:
        text = row.get(column, "").lower()
        if not text:
            return default
        if text in YES | NO:
            return text in YES
        self.problem(file, number, column, f"{text!r} is not yes or no")
        return default

    def person(self, file, number, row) -> dict | None:
        """The person a row names by ref, as the checks left them."""
        ref = row["person"]
        if ref not in self.people:
            self.problem(file, number, "person", f"no person with ref {ref!r} in people.csv")
            return None
        return self.people[ref]

    def new_rows(self, file, model: type[models.Model], rows) -> list[tuple[int, dict]]:
        """The rows not imported before, each with a ref of its own."""
        refs = [r["ref"] for _, r in rows if r["ref"]]
        existing = set(
            model.objects.filter(import_ref__in=refs).values_list("import_ref", flat=True)
        )
        seen, new = set(), []
        for number, row in rows:
            ref = row["ref"]
            if not ref:
                self.problem(file, number, "ref", "is empty")
            elif ref in seen:
                self.problem(file, number, "ref", f"{ref!r} appears twice")
            else:
                seen.add(ref)
                if ref in existing:
                    self.already_there(file)
                else:
                    new.append((number, row))
        return new

    def saved_person(self, ref: str, *related: str) -> Person:
        """A person written earlier in this import or before it, read again from the database."""
        return Person.objects.select_related(*related).get(pk=self.saved_people[ref].pk)


def import_folder(folder: Path) -> dict:
    """Check every file, then import all of it or nothing. Returns counts per file of
    rows added and rows already imported; raises ImportRefused with every problem."""
    files = import_files()
    importing = Importing(Path(folder))
    _check(importing, files)
    if importing.problems:
        raise ImportRefused(importing.problems)
    with transaction.atomic():
        for file in files:
            for row in importing.rows.get(file.name, []):
                with _Row(file, row):
                    file.write(importing, row)
    return {
        file.name: {
            "added": len(importing.rows.get(file.name, [])),
            "already there": importing.skipped.get(file.name, 0),
        }
        for file in files
    }


def _check(importing: Importing, files: list[ImportFile]) -> None:
    if not importing.folder.is_dir():
        importing.problem("(folder)", 0, "-", f"{importing.folder} is not a folder")
        return
    importing.teams = {t.name.lower(): t for t in Team.objects.all()}
    importing.coaches = {u.username.lower(): u for u in User.objects.filter(role=User.Role.COACH)}
    for theme in Theme.objects.all():
        importing.themes[theme.slug.lower()] = importing.themes[theme.name.lower()] = theme
    for file in files:
        path = importing.folder / f"{file.name}.csv"
        if path.exists():
            file.check(importing, _read(importing, file, path))


def _read(importing: Importing, file: ImportFile, path: Path) -> list[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        headers = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in file.required if c not in headers]
        for column in missing:
            importing.problem(file.name, 1, column, "this column is missing")
        if missing:
            return []
        return [
            (number, {k.strip().lower(): (v or "").strip() for k, v in row.items() if k})
            for number, row in enumerate(reader, start=2)
        ]


class _Row:
    """While writing one row: a rule the services keep (e.g. a sustainment's earliest
    date) becomes a problem with the row's file and number, and the transaction rolls
    back, so nothing is kept."""

    REFUSALS = (ValueError, InvalidTransition, services.NotShared)
    # A rule only the database keeps (a constraint, a length): its own words, first line.
    DATABASE_REFUSALS = (IntegrityError, DataError)

    def __init__(self, file: ImportFile, row: dict):
        self.file, self.number = file, row["_row"]

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        if isinstance(error, self.REFUSALS + self.file.refusals):
            problem = Problem(self.file.name, self.number, "-", str(error))
            raise ImportRefused([problem]) from error
        if isinstance(error, self.DATABASE_REFUSALS):
            said = str(error).strip().splitlines()[0] if str(error).strip() else kind.__name__
            problem = Problem(self.file.name, self.number, "-", f"the database refused it: {said}")
            raise ImportRefused([problem]) from error
        return False


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


def _minutes(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1440:
        raise ValueError("a number of minutes from 1 to 1440")
    return int(text)


# Coaching's own files.


@import_file
class Teams(ImportFile):
    name, order, required = "teams", 10, ["name", "area"]

    def check(self, importing, rows):
        for number, row in rows:
            if not row["name"]:
                importing.problem("teams", number, "name", "is empty")
            elif row["name"].lower() in importing.teams:
                importing.already_there("teams")
            else:
                importing.teams[row["name"].lower()] = row
                importing.plan("teams", {**row, "_row": number})

    def write(self, importing, row):
        # Teams are reference data, made in the admin; there is no service to go through.
        importing.teams[row["name"].lower()] = Team.objects.create(
            name=row["name"], area=row["area"]
        )


@import_file
class Coaches(ImportFile):
    name, order, required = "coaches", 20, ["username", "email", "first_name", "team"]

    def check(self, importing, rows):
        for number, row in rows:
            username = row["username"].lower()
            if not username:
                importing.problem("coaches", number, "username", "is empty")
                continue
            if row["team"].lower() not in importing.teams:
                importing.problem("coaches", number, "team", f"no team called {row['team']!r}")
            if username in importing.coaches:
                importing.already_there("coaches")
                continue
            if User.objects.filter(username__iexact=username).exists():
                importing.problem(
                    "coaches", number, "username", "is taken by someone who is not a coach"
                )
            importing.coaches[username] = row
            importing.plan("coaches", {**row, "_row": number})

    def write(self, importing, row):
        coach = User(
            username=row["username"],
            email=row["email"],
            first_name=row["first_name"],
            last_name=row.get("last_name", ""),
            role=User.Role.COACH,
            team=importing.teams[row["team"].lower()],
        )
        # They set a password through "Forgotten your password?" and add a second factor.
        coach.set_unusable_password()
        coach.save()
        importing.coaches[coach.username.lower()] = coach


@import_file
class People(ImportFile):
    name, order, required = "people", 30, ["ref", "name", "coach", "began"]
    # Sharing choices and their defaults when left empty (see docs/import.md).
    CHOICES: ClassVar[dict[str, bool]] = {
        "notes": True,
        "wellbeing": True,
        "reporting": True,
        "cover": False,
    }

    def check(self, importing, rows):
        existing = {
            p.import_ref: p
            for p in Person.objects.filter(
                import_ref__in=[r["ref"] for _, r in rows]
            ).select_related("current_relationship")
        }
        for number, row in rows:
            ref = row["ref"]
            if not ref:
                importing.problem("people", number, "ref", "is empty")
                continue
            if ref in importing.people:
                importing.problem("people", number, "ref", f"{ref!r} appears twice")
                continue
            if ref in existing:
                person = existing[ref]
                importing.already_there("people")
                importing.saved_people[ref] = person
                importing.people[ref] = {
                    "state": person.current_relationship.state,
                    "last": None,
                    **{choice: person.shares(choice) for choice in self.CHOICES},
                }
                continue
            if not row["name"]:
                importing.problem("people", number, "name", "is empty")
            if row["coach"].lower() not in importing.coaches:
                importing.problem("people", number, "coach", f"no coach {row['coach']!r}")
            began = importing.value("people", number, row, "began", parse_moment)
            choices = {
                choice: importing.flag("people", number, row, choice, default)
                for choice, default in self.CHOICES.items()
            }
            asked = importing.flag("people", number, row, "asked_by_person", False)
            importing.people[ref] = {"state": "active", "last": began, **choices}
            importing.plan(
                "people",
                {**row, "_row": number, "began": began, "asked": asked, "choices": choices},
            )

    def write(self, importing, row):
        importing.saved_people[row["ref"]] = services.person_create(
            name=row["name"],
            area=row.get("area", ""),
            coach=importing.coaches[row["coach"].lower()],
            by=None,
            asked_by_person=row["asked"],
            began_at=row["began"],
            sharing=row["choices"],
            import_ref=row["ref"],
        )


@import_file
class Events(ImportFile):
    """The steps of their coaching after it began, in date order per person."""

    name, order, required = "events", 40, ["ref", "person", "date", "step"]

    def check(self, importing, rows):
        dated = []
        for number, row in importing.new_rows("events", RelationshipEvent, rows):
            when = importing.value("events", number, row, "date", parse_moment)
            dated.append((when, number, row))
        # Each person's steps in date order, as they happened.
        for when, number, row in sorted(dated, key=lambda d: (d[0] is None, d[0] or 0, d[1])):
            self._check_step(importing, when, number, row)

    def _check_step(self, importing, when, number, row):
        person = importing.person("events", number, row)
        step = row["step"].lower().replace(" ", "_")
        if step not in STEPS:
            importing.problem(
                "events", number, "step", f"{row['step']!r} is not one of {', '.join(STEPS)}"
            )
            return
        coach = row.get("coach", "").lower()
        if step == Step.HANDED_OVER and not coach:
            importing.problem("events", number, "coach", "a handover names the new coach")
        if coach and coach not in importing.coaches:
            importing.problem("events", number, "coach", f"no coach {row['coach']!r}")
        until = None
        if row.get("until"):
            if step != Step.PAUSED:
                importing.problem("events", number, "until", "only a pause has an until date")
            until = importing.value("events", number, row, "until", parse_date)
        if person is None or when is None:
            return
        # The same rule the relationship keeps (RelationshipEvent.TRANSITIONS), followed
        # ahead of writing, so that every refused step is named at once.
        rule = RelationshipEvent.TRANSITIONS[step]
        if person["state"] not in rule.from_states:
            importing.problem(
                "events", number, "step", f"cannot be {step} when coaching is {person['state']}"
            )
            return
        if person["last"] and when < person["last"]:
            importing.problem("events", number, "date", "comes before the step already recorded")
            return
        person["state"], person["last"] = rule.to_state or person["state"], when
        importing.plan(
            "events", {**row, "_row": number, "when": when, "step": step, "until": until}
        )

    def write(self, importing, row):
        person = importing.saved_person(row["person"], "current_relationship")
        coach = importing.coaches.get(row.get("coach", "").lower())
        reason, when = row.get("reason", ""), row["when"]
        if row["step"] == Step.HANDED_OVER:
            # As the hand-over page does: a coach's step, not the person's decision.
            person.current_relationship.hand_over(
                by=None, to_coach=coach, reason=reason, at=when, import_ref=row["ref"]
            )
        else:
            services.relationship_decide(
                person=person,
                decision=DECISIONS[row["step"]],
                by=None,
                reason=reason,
                until=row["until"],
                at=when,
                coach=coach,
                import_ref=row["ref"],
            )


@import_file
class Contacts(ImportFile):
    name, order, required = "contacts", 50, ["ref", "person", "when", "how"]

    def check(self, importing, rows):
        for number, row in importing.new_rows("contacts", Contact, rows):
            person = importing.person("contacts", number, row)
            when = importing.value("contacts", number, row, "when", parse_moment)
            how = CHANNELS.get(row["how"].lower())
            if how is None:
                importing.problem(
                    "contacts",
                    number,
                    "how",
                    f"{row['how']!r} is not one of {', '.join(Contact.Channel.values)}",
                )
            by = row.get("reached_out_by", "").lower() or "coach"
            if by not in ("person", "coach"):
                importing.problem("contacts", number, "reached_out_by", "is person or coach")
            coach = row.get("coach", "").lower()
            if coach and coach not in importing.coaches:
                importing.problem("contacts", number, "coach", f"no coach {row['coach']!r}")
            minutes = importing.value("contacts", number, row, "minutes", _minutes, required=False)
            themes = []
            for name in filter(None, (t.strip().lower() for t in row.get("themes", "").split(";"))):
                if name in importing.themes:
                    themes.append(importing.themes[name])
                else:
                    importing.problem("contacts", number, "themes", f"no theme {name!r}")
            # contact_log refuses these too; named here, every one is reported at once.
            if person and not person["notes"]:
                for column in WRITTEN_ABOUT_A_CONTACT:
                    if row.get(column, "").strip():
                        importing.problem("contacts", number, column, NOTES_OFF)
            barriers = []
            for entry in filter(None, (b.strip() for b in row.get("barriers", "").split("|"))):
                service, _, what = entry.partition(":")
                service = service.strip()[:200]
                barriers.append(
                    services.Barrier(service, what.strip(), category=category_for(service))
                )
            importing.plan(
                "contacts",
                {
                    **row,
                    "_row": number,
                    "when": when,
                    "how": how,
                    "by": by,
                    "minutes": minutes,
                    "themes": themes,
                    "barrier_list": barriers,
                },
            )

    def write(self, importing, row):
        person = importing.saved_person(row["person"], "current_relationship__coach")
        coach = (
            importing.coaches.get(row.get("coach", "").lower()) or person.current_relationship.coach
        )
        services.contact_log(
            person=person,
            coach=coach,
            fields={
                "occurred_at": row["when"],
                "channel": row["how"],
                "reached_out_by": row["by"],
                "place": row.get("where", ""),
                "minutes": row["minutes"],
                "notes": row.get("notes", ""),
                "connections": row.get("connections", ""),
                "import_ref": row["ref"],
            },
            themes=row["themes"],
            barriers=row["barrier_list"],
        )
