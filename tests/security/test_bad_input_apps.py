"""Generated bad input for the forms of budgets, wellbeing and outcomes, sharing and
the person's own words, and the public ask-for-a-coach page. Same rules as
test_bad_input: never a 500; refused input changes nothing."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgets import forms as budget_forms
from budgets import services as budget_services
from budgets.models import Fund, PaymentMethod
from coaching import forms as coaching_forms
from coaching import request_forms
from outcomes import forms as outcome_forms
from tests.conftest import make_manager
from tests.security.test_bad_input import (
    EXAMPLES,
    BadInputCase,
    form_data,
    nasty_number,
    nasty_text,
)

answer = st.one_of(st.sampled_from(["1", "2", "3", "4", "5"]), nasty_number, nasty_text)
wellbeing_answers = st.fixed_dictionaries({f"item_{n}": answer for n in range(1, 15)})
yes_no = st.one_of(st.sampled_from(["yes", "no"]), nasty_text)
sharing_choices = st.fixed_dictionaries(
    {key: yes_no for key in ["notes", "wellbeing", "reporting", "cover"]}
)


class PersonAppFormsTest(BadInputCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.person.user)

    @EXAMPLES
    @given(data=form_data(budget_forms.PersonRequestForm))
    def test_ask_for_a_budget(self, data):
        self.post_and_check("/me/budgets/new/", data)

    @EXAMPLES
    @given(data=wellbeing_answers)
    def test_wellbeing_scale(self, data):
        self.post_and_check("/me/wellbeing/", data)

    @EXAMPLES
    @given(data=sharing_choices)
    def test_sharing_choices(self, data):
        self.post_and_check("/me/sharing/", data)

    @EXAMPLES
    @given(data=form_data(coaching_forms.PersonalDetailsForm))
    def test_personal_details(self, data):
        self.post_and_check("/me/details/", data)

    @EXAMPLES
    @given(
        kind=st.sampled_from(["goal", "strength", "nonsense"]),
        data=form_data(coaching_forms.OwnWordsForm),
    )
    def test_own_words(self, kind, data):
        self.post_and_check(f"/me/goals/{kind}/new/", data)


class CoachAppFormsTest(BadInputCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.coach)

    @EXAMPLES
    @given(data=form_data(budget_forms.PersonRequestForm))
    def test_raise_a_budget_with_the_person(self, data):
        self.post_and_check(f"/coach/people/{self.person.pk}/budgets/new/", data)

    @EXAMPLES
    @given(data=wellbeing_answers)
    def test_wellbeing_with_the_person(self, data):
        self.post_and_check(f"/coach/people/{self.person.pk}/wellbeing/new/", data)

    @EXAMPLES
    @given(data=form_data(outcome_forms.OutcomeForm))
    def test_record_an_outcome(self, data):
        self.post_and_check(f"/coach/people/{self.person.pk}/outcomes/new/", data)

    @EXAMPLES
    @given(data=sharing_choices.map(lambda d: {**d, "person_decided": "on"}))
    def test_record_sharing_with_the_person(self, data):
        self.post_and_check(f"/coach/people/{self.person.pk}/sharing/", data)


class ManagerAppFormsTest(BadInputCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.manager = make_manager("ruth")
        cls.fund = Fund.objects.create(
            name="Flexible fund",
            funder="A trust",
            total=Decimal("1000"),
            coach_limit=Decimal("100"),
            starts_on="2026-01-01",
            ends_on="2027-12-31",
        )
        cls.budget = budget_services.request_raise(
            person=cls.person,
            by=cls.person.user,
            purpose="A phone",
            amount=Decimal("80"),
            payment_method=PaymentMethod.VOUCHER,
        )

    def setUp(self):
        super().setUp()
        self.client.force_login(self.manager)

    @EXAMPLES
    @given(data=form_data(budget_forms.FundForm))
    def test_set_up_a_fund(self, data):
        self.post_and_check("/insights/budgets/funds/new/", data)

    @EXAMPLES
    @given(data=form_data(budget_forms.DecisionForm))
    def test_decide_a_request(self, data):
        self.post_and_check(f"/insights/budgets/requests/{self.budget.pk}/decide/", data)

    @EXAMPLES
    @given(data=form_data(budget_forms.PaymentForm))
    def test_record_a_payment(self, data):
        self.post_and_check(f"/insights/budgets/requests/{self.budget.pk}/pay/", data)

    @EXAMPLES
    @given(data=form_data(outcome_forms.ContractForm))
    def test_set_up_a_contract(self, data):
        self.post_and_check("/insights/contracts/new/", data)


class PublicAppFormsTest(BadInputCase):
    @EXAMPLES
    @given(data=form_data(request_forms.AskForm))
    def test_ask_for_a_coach(self, data):
        self.post_and_check("/ask/", data)
