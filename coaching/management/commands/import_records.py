"""Import a charity's history from a folder of CSV files (docs/import.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coaching.importer import ImportRefused, import_folder


class Command(BaseCommand):
    help = "Import teams, coaches, people, events, contacts, wellbeing and outcomes from CSV files."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        try:
            counts = import_folder(folder)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{refused} Fix the rows above and run it again.") from None
        for name, count in counts.items():
            self.stdout.write(
                f"{name}: {count['added']} added, {count['already there']} already imported"
            )
