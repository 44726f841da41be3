"""A table of figures as managers read it, on a page or downloaded, under the
small-count rule (coaching/small_counts.py): every app's figures for managers and
funders are built as `Table`s, so a count from 1 to 4 reads "fewer than 5" and a
figure that would give one away reads "not shown", wherever the table is read.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse

from coaching.small_counts import HELD_BACK, AddsUp, held_back_too, suppressed, suppressed_value
from helpers.spreadsheets import csv_response, spreadsheet_text, write_rows


@dataclass
class Table:
    """One table of figures. Cells: an int is a count (suppressed from 1 to 4); a
    Decimal or str is shown as it is; None is an empty cell."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    # Columns shown in the chart beside the table (indexes into `columns`).
    chart: list[int] = field(default_factory=list)
    # What adds up to a total the reader can see, as AddsUp of (row, column) cells, and
    # cells a reader can tell anyway: so that a count held back cannot be worked out
    # from the rest (held_back_too). `held` once worked out.
    sums: list[AddsUp] = field(default_factory=list)
    known: set[tuple[int, int]] = field(default_factory=set)
    held: set[tuple[int, int]] | None = None
    # Leading columns of words (a name, a funder), set left; the rest are figures.
    words: int = 1

    def add_totals_below(self, columns: list[int]) -> None:
        """The last row, in each of `columns`, is the total of the rows above."""
        last = len(self.rows) - 1
        for column in columns:
            parts = tuple((row, column) for row in range(last))
            self.sums.append(AddsUp(total=(last, column), parts=parts))

    def add_totals_across(self, total: int, parts: list[int]) -> None:
        """In every row, column `total` is the total of the `parts` columns."""
        for row in range(len(self.rows)):
            self.sums.append(AddsUp(total=(row, total), parts=tuple((row, p) for p in parts)))

    def held_back(self) -> set[tuple[int, int]]:
        """The cells shown as "not shown": beyond the small counts, those that would
        give one away. Worked out once the table is complete."""
        if self.held is None:
            hold_back_together([self])
        return self.held

    def shown_rows(self) -> list[list[str]]:
        return self._shown_by(shown)

    def csv_rows(self) -> list[list]:
        return self._shown_by(csv_cell)

    def cells(self) -> dict[tuple[int, int], object]:
        """Every figure by (row, column), in reading order."""
        return {(r, c): cell for r, row in enumerate(self.rows) for c, cell in enumerate(row)}

    def _shown_by(self, show) -> list[list]:
        held = self.held_back()
        return [
            [HELD_BACK if (r, c) in held else show(cell) for c, cell in enumerate(row)]
            for r, row in enumerate(self.rows)
        ]


def hold_back_together(tables: list[Table], links: list[AddsUp] = ()) -> None:
    """Work out the figures each table holds back, as one: `links` are AddsUp across them,
    of (index in `tables`, row, column) cells, as who reached out adds up to the month's
    contacts in the table above it."""

    def keyed(i, cell):
        return (i, *cell)

    values, sums, known = {}, list(links), set()
    for i, table in enumerate(tables):
        values |= {keyed(i, cell): value for cell, value in table.cells().items()}
        sums += [AddsUp(keyed(i, s.total), tuple(keyed(i, c) for c in s.parts)) for s in table.sums]
        known |= {keyed(i, cell) for cell in table.known}
    held = held_back_too(values, sums, order=list(values), known=known)
    for i, table in enumerate(tables):
        table.held = {(r, c) for t, r, c in held if t == i}


def shown(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int):
        return suppressed(cell)
    return str(cell)


def csv_cell(cell):
    if cell is None:
        return ""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return suppressed_value(cell)
    if isinstance(cell, (Decimal, float)):
        return str(cell)
    return spreadsheet_text(str(cell))


def write_csv(out, table: Table) -> None:
    """The table as CSV: a header row, then the rows, with counts of 1 to 4 in words."""
    write_rows(out, table.columns, table.csv_rows())


def csv_download(table: Table, filename: str) -> HttpResponse:
    """The table as a CSV file to download, named `filename`."""
    response = csv_response(filename)
    write_csv(response, table)
    return response
