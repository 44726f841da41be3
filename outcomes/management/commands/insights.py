"""Print the dashboard's figures for given filters, as JSON or CSV, e.g. for a monthly
report to a commissioner. The same figures, and the same "fewer than 5", as the page."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from coaching.models import Team, User
from coaching.tables import write_csv
from outcomes.forms import InsightsFilterForm
from outcomes.insights import SECTIONS, figures
from outcomes.models import Contract
from outcomes.triggers import recount


class Command(BaseCommand):
    help = "Print the insights dashboard's figures for a period, team, coach or contract."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="First day, 2026-01-01 or 01/01/2026")
        parser.add_argument("--to", dest="end", help="Last day (default: today)")
        parser.add_argument("--team", help="A team's name")
        parser.add_argument("--coach", help="A coach's username")
        parser.add_argument("--contract", help="A contract's name")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--table", help="Only this table (its key, as in the JSON)")
        parser.add_argument(
            "--recount",
            action="store_true",
            help="Count the cached figures again first: people's coaching today at once, "
            "each period's contacts when it is next read (after loading data with the "
            "database's triggers off, or a restore without them).",
        )

    def handle(self, *args, **options):
        if options["recount"]:
            recount()
        data = {"start": options["start"] or "", "end": options["end"] or ""}
        for name, model, field in [
            ("team", Team, "name"),
            ("coach", User, "username"),
            ("contract", Contract, "name"),
        ]:
            if options[name]:
                found = model.objects.filter(**{field: options[name]}).first()
                if found is None:
                    raise CommandError(f"No {name} called {options[name]!r}.")
                data[name] = found.pk
        form = InsightsFilterForm(data)
        if not form.is_valid():
            problems = [f"{k}: {e}" for k, errs in form.errors.items() for e in errs]
            raise CommandError("; ".join(problems))
        found = figures(form.filters(), only=options["table"] or None)
        tables = found.tables
        if options["table"]:
            if options["table"] not in tables:
                keys = ", ".join(key for _, _, keys in SECTIONS for key in keys)
                raise CommandError(f"No table {options['table']!r}: one of {keys}.")
            tables = {options["table"]: tables[options["table"]]}
        if options["format"] == "json":
            result = found.as_json()
            result["tables"] = {k: v for k, v in result["tables"].items() if k in tables}
            self.stdout.write(
                json.dumps(result, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
            )
            return
        out = self.stdout
        for index, table in enumerate(tables.values()):
            if len(tables) > 1:
                out.write(("\n" if index else "") + f"# {table.title}")
            write_csv(_Writer(out), table)


class _Writer:
    """csv.writer wants write(); OutputWrapper adds its own newlines."""

    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.write(text, ending="")
