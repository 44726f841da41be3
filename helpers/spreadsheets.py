"""Writing CSV that a spreadsheet opens as it was meant: no app knowledge here."""

import csv
import re
from collections.abc import Iterable

from django.http import HttpResponse

# What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number and nothing else ("+5", "-1,234.5"): a spreadsheet reads it as the
# number it is, and there is nothing in it to run.
SIGNED_NUMBER = re.compile(r"[+-]\d[\d,]*(\.\d+)?")


def spreadsheet_text(text: str) -> str:
    """Text that a spreadsheet would run as a formula (a barrier's service named
    '=HYPERLINK(...)' by whoever logged it), with an apostrophe first, so that Excel
    shows it as the text it is. Numbers keep their sign, written as text or not (a
    change of "+5")."""
    if text.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_rows(out, header: Iterable, rows: Iterable[Iterable]) -> None:
    """A header row of words, then `rows` as they are (cells made ready by the caller)."""
    writer = csv.writer(out)
    writer.writerow([spreadsheet_text(str(column)) for column in header])
    writer.writerows(rows)


def csv_response(filename: str) -> HttpResponse:
    """An empty CSV file to download, named `filename`, ready to be written to."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Excel takes a CSV for UTF-8 only after a byte order mark; without one the "£" of
    # the money columns opens as "Â£".
    response.write("\ufeff")
    return response
