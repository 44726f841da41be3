"""Writing CSV that a spreadsheet opens as it was meant: no app knowledge here."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Text that a spreadsheet would run as a formula (a barrier's service named
    '=HYPERLINK(...)' by whoever logged it), with an apostrophe first, so that Excel
    shows it as the text it is. Numbers are not text, and keep their sign."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
