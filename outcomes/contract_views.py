"""Contracts: setting one up, its figures, claims and payments, the evaluator's
extract (managers); enrolment and endings (coaches); a commissioner's own pages."""

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from coaching.access import (
    coach_required,
    commissioner_required,
    get_person_for_coach,
    manager_required,
    posted,
)
from coaching.sent_once import first_sending, sent_once, to_first_sending
from helpers.spreadsheets import csv_response, spreadsheet_text, write_rows
from outcomes import services, starts
from outcomes.barrier_figures import contract_barriers
from outcomes.contracts import contract_page_figures, contract_report, contract_reports
from outcomes.extracts import COLUMNS
from outcomes.forms import (
    ContractForm,
    EndingForm,
    EnrolmentForm,
    ExtractForm,
    PaymentForm,
    PeriodForm,
    TariffForms,
)
from outcomes.models import Claim, ClaimLine, ClaimShare, Contract, Outcome


def get_contract_for_manager(contract_id: int) -> Contract:
    return get_object_or_404(Contract.objects.prefetch_related("teams"), pk=contract_id)


def get_contract_for_commissioner(request, contract_id: int) -> Contract:
    """One of the contracts this commissioner is given, else 404."""
    return get_object_or_404(
        request.user.commissioned_contracts.prefetch_related("teams"), pk=contract_id
    )


def get_claim_for_manager(claim_id: int) -> Claim:
    lines = ClaimLine.objects.select_related("outcome_type").prefetch_related(
        Prefetch("shares", queryset=ClaimShare.objects.select_related("payer"))
    )
    return get_object_or_404(
        Claim.objects.select_related("contract", "prepared_by", "submitted_by").prefetch_related(
            Prefetch("lines", queryset=lines), "payments__payer"
        ),
        pk=claim_id,
    )


@manager_required
def contracts(request):
    return render(request, "outcomes/contracts.html", {"contracts": Contract.objects.all()})


@manager_required
@require_http_methods(["GET", "POST"])
def contract_new(request):
    # Asked before the form is checked, which would refuse a second press as a name
    # already taken rather than say it was saved.
    if (first := first_sending(request)) is not None:
        return to_first_sending(request, first)
    form = ContractForm(posted(request))
    tariff_forms = TariffForms(posted(request))
    if request.method == "POST" and form.is_valid() and tariff_forms.is_valid():
        try:
            with sent_once(request) as sending:
                contract = services.contract_create(
                    fields=form.contract_fields(),
                    teams=list(form.cleaned_data["teams"]),
                    tariffs=[
                        {"outcome_type": f.outcome_type, **f.cleaned_data}
                        for f in tariff_forms
                        if not f.left_blank
                    ],
                    payers=form.payers(),
                )
                sending.result_url = reverse("outcomes:contract", args=[contract.pk])
        except services.ContractRefused as refused:
            form.add_error(None, str(refused))
        except IntegrityError:
            # Set up at the same moment by another manager: checked again, the form sees
            # it and says so, in its own words.
            form = ContractForm(posted(request))
            if form.is_valid():
                raise
        else:
            if sending.sent_before:
                return to_first_sending(request, sending.first)
            messages.success(request, f"{contract.name} is set up.")
            return redirect("outcomes:contract", contract.pk)
    return render(
        request, "outcomes/contract_form.html", {"form": form, "tariff_forms": tariff_forms}
    )


@manager_required
def contract_detail(request, contract_id):
    return _contract_page(request, get_contract_for_manager(contract_id))


@manager_required
@require_POST
def claim_new(request, contract_id):
    contract = get_contract_for_manager(contract_id)
    form = PeriodForm(request.POST, contract=contract)
    if not form.is_valid():
        return _contract_page(request, contract, claim_form=form, status=400)
    try:
        with sent_once(request) as sending:
            claim = services.claim_prepare(contract=contract, by=request.user, **form.cleaned_data)
            sending.result_url = reverse("outcomes:claim", args=[claim.pk])
    except services.ContractRefused as refused:
        form.add_error(None, str(refused))
        return _contract_page(request, contract, claim_form=form, status=400)
    if sending.sent_before:
        return to_first_sending(request, sending.first)
    return redirect("outcomes:claim", claim.pk)


@manager_required
@require_POST
def starts_count(request, contract_id):
    """Count the contract's successful starts from the contact log now, rather than
    when the next claim is prepared. Safe to press twice: a start is recorded once."""
    contract = get_contract_for_manager(contract_id)
    try:
        made = starts.record(contract=contract, by=request.user)
    except starts.CountedMeanwhile:
        messages.info(request, services.COUNTED_MEANWHILE)
    else:
        if made:
            messages.success(request, f"{made} successful start{pluralize(made)} counted.")
        else:
            messages.info(request, "No new successful starts in the contact log.")
    return redirect(reverse("outcomes:contract", args=[contract.pk]) + "#starts")


def _contract_page(request, contract, *, status=200, **forms):
    """The contract's page, with a claim or extract form sent back with its mistakes."""
    context = {
        "contract": contract,
        "report": contract_report(contract),
        "page": contract_page_figures(contract),
        "pays_for_starts": starts.pays_for_starts(contract),
        "claims": contract.claims.all(),
        "extracts": contract.extracts.select_related("made_by")[:50],
        "claim_form": PeriodForm(contract=contract),
        "extract_form": ExtractForm(contract=contract),
        **forms,
    }
    return render(request, "outcomes/contract_detail.html", context, status=status)


@manager_required
def claim_detail(request, claim_id):
    claim = get_claim_for_manager(claim_id)
    return _claim_page(request, claim, PaymentForm(contract=claim.contract))


def _claim_page(request, claim, payment_form, status=200):
    by_payer: dict = {}
    for line in claim.lines.all():
        for share in line.shares.all():
            by_payer[share.payer] = by_payer.get(share.payer, 0) + share.amount
    return render(
        request,
        "outcomes/claim_detail.html",
        {
            "claim": claim,
            "contract": claim.contract,
            "by_payer": by_payer,
            "total": sum(line.amount for line in claim.lines.all()),
            "payment_form": payment_form,
        },
        status=status,
    )


@manager_required
@require_POST
def claim_submit(request, claim_id):
    claim = get_claim_for_manager(claim_id)
    try:
        services.claim_submit(claim=claim, by=request.user)
    except services.ContractRefused as refused:
        messages.info(request, str(refused))
    else:
        messages.success(request, "The claim is submitted. It will not change.")
    return redirect("outcomes:claim", claim.pk)


@manager_required
@require_POST
def claim_discard(request, claim_id):
    claim = get_claim_for_manager(claim_id)
    try:
        services.claim_discard(claim=claim)
    except services.ContractRefused as refused:
        messages.info(request, str(refused))
        return redirect("outcomes:claim", claim.pk)
    messages.success(request, "The claim was thrown away. Nothing was claimed.")
    return redirect("outcomes:contract", claim.contract_id)


@manager_required
@require_POST
def payment_new(request, claim_id):
    claim = get_claim_for_manager(claim_id)
    form = PaymentForm(request.POST, contract=claim.contract)
    if form.is_valid():
        try:
            with sent_once(request, result_url=reverse("outcomes:claim", args=[claim.pk])) as s:
                services.payment_record(claim=claim, by=request.user, **form.cleaned_data)
        except services.ContractRefused as refused:
            form.add_error(None, str(refused))
        else:
            if s.sent_before:
                return to_first_sending(request, s.first)
            messages.success(request, "The payment is recorded.")
            return redirect("outcomes:claim", claim.pk)
    return _claim_page(request, claim, form, status=400)


@manager_required
@require_POST
def extract_new(request, contract_id):
    """The CSV itself is the answer: its key is gone once it is sent, so a second press
    makes no second file but says where the first went."""
    contract = get_contract_for_manager(contract_id)
    form = ExtractForm(request.POST, contract=contract)
    if not form.is_valid():
        return _contract_page(request, contract, extract_form=form, status=400)
    done = reverse("outcomes:contract", args=[contract.pk]) + "#extracts"
    with sent_once(request, result_url=done) as sending:
        extract, rows = services.extract_make(
            contract=contract, by=request.user, **form.cleaned_data
        )
    if sending.sent_before:
        return to_first_sending(request, sending.first, "That extract was made already at {time}.")
    response = csv_response(
        f"extract-{extract.pk}-{extract.period_start}-to-{extract.period_end}.csv"
    )
    write_rows(response, COLUMNS, ([spreadsheet_text(str(c)) for c in row] for row in rows))
    return response


# Coaches: enrolment and endings --------------------------------------------------------


@coach_required
@require_http_methods(["GET", "POST"])
def enrolment_new(request, person_id):
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your record, to enrol you in a contract")
    )
    if (first := first_sending(request)) is not None:
        return to_first_sending(request, first)
    form = EnrolmentForm(posted(request), team=request.user.team)
    if request.method == "POST" and form.is_valid():
        try:
            with sent_once(request, result_url=person.get_absolute_url()) as sending:
                enrolment = services.enrolment_make(
                    person=person, by=request.user, **form.cleaned_data
                )
        except services.ContractRefused as refused:
            form.add_error(None, str(refused))
        else:
            if sending.sent_before:
                return to_first_sending(request, sending.first)
            messages.success(
                request,
                f"{person.name} is enrolled in {enrolment.contract.name}."
                if enrolment.eligible
                else f"{person.name} is enrolled, but not counted: "
                f"{enrolment.not_eligible_because}.",
            )
            return redirect(person.get_absolute_url())
    return render(request, "outcomes/enrolment_form.html", {"person": person, "form": form})


@coach_required
@require_http_methods(["GET", "POST"])
def outcome_end(request, person_id, outcome_id):
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your record, to say a job or home ended")
    )
    outcome = get_object_or_404(
        Outcome.objects.select_related("type"), pk=outcome_id, person=person, sustains__isnull=True
    )
    form = EndingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_end(
                outcome=outcome,
                ended_on=form.cleaned_data["ended_on"],
                because=form.cleaned_data["because"],
                by=request.user,
            )
        except services.ContractRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"{outcome.type.name}: the ending is recorded.")
            return redirect(f"{person.get_absolute_url()}#outcomes")
    return render(
        request,
        "outcomes/outcome_end_form.html",
        {"person": person, "outcome": outcome, "form": form},
    )


# Commissioners ---------------------------------------------------------------------------


@commissioner_required
def commissioner_home(request):
    reports = contract_reports(request.user.commissioned_contracts.order_by("name"))
    return render(request, "outcomes/commissioner_home.html", {"reports": reports})


@commissioner_required
def commissioner_contract(request, contract_id):
    contract = get_contract_for_commissioner(request, contract_id)
    return render(
        request,
        "outcomes/commissioner_contract.html",
        {
            "contract": contract,
            "report": contract_report(contract),
            "page": contract_page_figures(contract),
            "pays_for_starts": starts.pays_for_starts(contract),
            "barriers": contract_barriers(contract),
            "claims": contract.claims.filter(state=Claim.State.SUBMITTED),
        },
    )
