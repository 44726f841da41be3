"""The outcomes app's import files (outcomes/importing.py): written by its own services."""

import shutil
from decimal import Decimal

import pytest

from coaching.importer import ImportRefused, import_folder
from outcomes.models import Claim, Contract, Enrolment, Outcome, Payment, WellbeingScore
from tests.coaching.test_importer import EXAMPLE, counts
from tests.conftest import make_manager


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


def test_the_example_contract_comes_in_with_its_tariffs_payers_and_enrolments(db):
    import_folder(EXAMPLE)
    contract = Contract.objects.get(name="Bradford Young People SIB")
    assert (contract.takes, contract.min_age, contract.cap) == ("enrolled", 18, Decimal("100000"))
    assert [p.name for p in contract.payers.all()] == ["Bradford Council", "Life Chances Fund"]
    assert contract.tariffs.count() == 2
    assert set(Enrolment.objects.values_list("import_ref", flat=True)) == {"E-1", "E-2"}
    # Nobody gave a date of birth: enrolled, not eligible under the age range.
    assert not Enrolment.objects.filter(eligible=True).exists()
    import_folder(EXAMPLE)  # a second time adds nothing
    assert (Contract.objects.count(), Enrolment.objects.count()) == (1, 2)


def test_a_past_claim_and_its_payment_come_in_as_they_were_submitted(db, tmp_path):
    make_manager("ruth")
    folder = tmp_path / "records"
    shutil.copytree(EXAMPLE, folder)
    (folder / "claims.csv").write_text(
        "ref,contract,from,to,submitted_on,by\n"
        "CL-1,Bradford Young People SIB,01/04/2025,30/06/2025,15/07/2025,ruth\n"
    )
    (folder / "claim_lines.csv").write_text("claim,outcome\nCL-1,O-1\n")
    (folder / "payments.csv").write_text(
        "ref,claim,payer,amount,date,by\nPA-1,CL-1,Life Chances Fund,400.00,01/09/2025,ruth\n"
    )
    import_folder(folder)
    claim = Claim.objects.get(import_ref="CL-1")
    assert claim.is_submitted
    [line] = claim.lines.all()
    assert (line.tariff, line.outcome.import_ref) == (Decimal("1000.00"), "O-1")
    assert sorted(s.amount for s in line.shares.all()) == [Decimal("400.00"), Decimal("600.00")]
    assert Payment.objects.get(import_ref="PA-1").amount == Decimal("400.00")


def test_an_imported_contract_overlapping_one_already_there_imports_nothing(db, tmp_path):
    folder = tmp_path / "records"
    shutil.copytree(EXAMPLE, folder)
    contracts = folder / "contracts.csv"
    contracts.write_text(
        contracts.read_text()
        + "Bradford Housing,Bradford Council,01/01/2025,31/12/2025,5000,Bradford East,,,\n"
    )
    tariffs = folder / "contract_tariffs.csv"
    tariffs.write_text(
        tariffs.read_text() + "Bradford Housing,Entered accommodation,500.00,1,2,3\n"
    )
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_folder(folder)
    [problem] = [str(p) for p in refused.value.problems]
    assert problem.startswith("contracts.csv, row 3")
    assert "An outcome can count towards one contract only" in problem
    assert counts() == before and not Contract.objects.exists()


def test_texts_too_long_are_refused_in_words_never_cut_short(db, tmp_path):
    folder = tmp_path / "records"
    shutil.copytree(EXAMPLE, folder)
    outcomes = folder / "outcomes.csv"
    outcomes.write_text(
        outcomes.read_text() + f"O-3,BE-001,Entered employment,14/04/2025,{'x' * 501},\n"
    )
    contracts = folder / "contracts.csv"
    contracts.write_text(
        contracts.read_text()
        + f"{'L' * 161},Bradford Council,01/01/2030,31/12/2030,5000,Bradford East,,,\n"
    )
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_folder(folder)
    problems = sorted(str(p) for p in refused.value.problems)
    assert problems[0].startswith("contracts.csv, row 3") and "at most 160" in problems[0]
    assert problems[1].startswith("outcomes.csv, row 4") and "is 501 characters" in problems[1]
    assert counts() == before


def test_a_rule_only_the_database_keeps_is_a_problem_with_its_row(db):
    """Written past the checks, an over-long text is refused by the database (on SQLite
    too, by its length constraint), and the import says so with the row."""
    from django.db import transaction

    from coaching.importer import _Row
    from outcomes.importing import Contracts

    row = _Row(Contracts(), {"_row": 7})
    with pytest.raises(ImportRefused) as refused, row, transaction.atomic():
        Contract.objects.create(
            name="N" * 161,
            funder="F",
            starts_on="2025-01-01",
            ends_on="2025-12-31",
            cap=Decimal("1"),
        )
    [problem] = [str(p) for p in refused.value.problems]
    assert problem.startswith("contracts.csv, row 7") and "the database refused it" in problem
    assert not Contract.objects.exists()
