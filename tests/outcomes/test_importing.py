"""The outcomes app's import files (outcomes/importing.py): written by its own services."""

import shutil

import pytest

from coaching.importer import ImportRefused, import_folder
from outcomes.models import Outcome, WellbeingScore
from tests.coaching.test_importer import EXAMPLE, counts


def test_imported_scores_and_outcomes_are_kept_with_their_refs(db):
    import_folder(EXAMPLE)
    assert WellbeingScore.objects.filter(import_ref__in=["W-1", "W-2"]).count() == 2
    assert Outcome.objects.get(import_ref="O-2").sustains.import_ref == "O-1"


def test_the_same_outcome_twice_in_a_file_imports_nothing_and_names_the_row(db, tmp_path):
    """Two rows of one outcome on one day would be paid for twice once verified."""
    folder = tmp_path / "records"
    shutil.copytree(EXAMPLE, folder)
    outcomes = folder / "outcomes.csv"
    outcomes.write_text(
        outcomes.read_text() + "O-3,BE-001,Entered accommodation,14/04/2025,Seen again,\n"
    )
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_folder(folder)
    [problem] = [str(p) for p in refused.value.problems]
    assert problem.startswith("outcomes.csv, row 4")
    assert "already has Entered accommodation on that day" in problem
    assert counts() == before
