"""Load the organisation's licensed WEMWBS wording from its own file.

The file format is in docs/wellbeing.md: UTF-8 text, one item per line as
"NUMBER<TAB or |>WORDING"; blank lines and lines starting with # are ignored.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from outcomes.models import WellbeingWording
from outcomes.scales import WEMWBS

MAX_WORDING = 300


def parse_wording(text: str) -> dict[int, str]:
    wording = {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        number, separator, words = line.replace("\t", "|", 1).partition("|")
        words = words.strip()
        if not separator or not number.strip().isdigit():
            raise CommandError(f"Line {line_number}: expected NUMBER|WORDING.")
        item = int(number)
        if item not in WEMWBS.items:
            raise CommandError(f"Line {line_number}: item {item} is not between 1 and 14.")
        if not words or len(words) > MAX_WORDING:
            raise CommandError(f"Line {line_number}: the wording must be 1 to 300 characters.")
        if item in wording:
            raise CommandError(f"Line {line_number}: item {item} appears twice.")
        wording[item] = words
    missing = sorted(set(WEMWBS.items) - set(wording))
    if missing:
        raise CommandError(
            f"Every item 1 to 14 is needed; missing: {', '.join(map(str, missing))}."
        )
    return wording


class Command(BaseCommand):
    help = "Load the licensed WEMWBS item wording from FILE (see docs/wellbeing.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        wording = parse_wording(text)
        now = timezone.now()
        with transaction.atomic():
            for item, words in wording.items():
                WellbeingWording.objects.update_or_create(
                    item=item, defaults={"wording": words, "loaded_at": now}
                )
        self.stdout.write(self.style.SUCCESS(f"Loaded the wording of {len(wording)} items."))
