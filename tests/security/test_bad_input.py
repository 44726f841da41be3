"""Generated bad input against every form: never a 500, and invalid input changes nothing.

Each form is posted with values drawn from hostile strategies (very long text,
unicode, null bytes, negative and huge numbers, malformed dates, wrong ids). A
response that re-renders the form must leave every table as it was; a redirect
means the input was valid and saved. The number of submissions is reported at
the end of the run.
"""

import datetime

from django import forms
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from coaching import forms as coaching_forms
from coaching.models import Contact
from tests.conftest import make_coach, make_person

SUBMISSIONS = {"count": 0, "saved": 0, "refused": 0}
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

nasty_text = st.one_of(
    st.text(max_size=50),
    st.text(min_size=1000, max_size=5000),
    st.just("\x00"),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30).map(lambda t: t + "\x00"),
    st.sampled_from(["<script>alert(1)</script>", "'; DROP TABLE person; --", "💥" * 300, " "]),
)
nasty_number = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.sampled_from(["-0", "1e309", "NaN", "Infinity", "1,000", "£5", "0x10", ""]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
nasty_date = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1)).map(str),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(["31/02/2026", "2026-13-01", "yesterday", "0000-00-00", "9999-12-31T23:59"]),
    st.text(max_size=20),
)
wrong_id = st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), nasty_text)


def value_for(field: forms.Field):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(wrong_id, max_size=4)
    if isinstance(field, forms.ModelChoiceField):
        return wrong_id
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(st.one_of(st.sampled_from([c for c, _ in field.choices]), nasty_text))
    if isinstance(field, forms.ChoiceField):
        return st.one_of(st.sampled_from([c for c, _ in field.choices] or [""]), nasty_text)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "\x00"])
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return nasty_date
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return nasty_number
    if type(field) is not forms.CharField and not isinstance(field, forms.CharField):
        return st.one_of(nasty_text, nasty_number)  # a custom field, e.g. money
    return nasty_text


def form_data(form_class, *, extra=None):
    fields = form_class.base_fields
    strategy = {name: value_for(field) for name, field in fields.items()}
    return st.fixed_dictionaries(strategy).map(lambda data: {**data, **(extra or {})})


def barrier_management(total="1"):
    return {
        "barriers-TOTAL_FORMS": total,
        "barriers-INITIAL_FORMS": "0",
        "barriers-MIN_NUM_FORMS": "0",
        "barriers-MAX_NUM_FORMS": "10",
    }


def row_counts() -> dict:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"coaching", "budgets", "outcomes"}
        and model._meta.model_name not in {"auditevent", "accesslogentry"}
    }


class BadInputCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.coach = make_coach("meg")
        cls.person = make_person("Sam", cls.coach)

    def setUp(self):
        self.client = Client()

    def post_and_check(self, url, data, *, saved_may_change=True):
        before = row_counts()
        response = self.client.post(url, data)
        SUBMISSIONS["count"] += 1
        self.assertLess(response.status_code, 500, data)
        if response.status_code == 302:
            SUBMISSIONS["saved"] += 1
            self.assertTrue(saved_may_change, f"{url} accepted {data!r}")
        else:
            SUBMISSIONS["refused"] += 1
            self.assertEqual(row_counts(), before, f"{url} changed data on refused input {data!r}")
        return response


class CoachFormsTest(BadInputCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.contact = Contact.objects.create(person=cls.person, coach=cls.coach, channel="phone")

    def setUp(self):
        super().setUp()
        self.client.force_login(self.coach)

    @EXAMPLES
    @given(data=form_data(coaching_forms.ContactForm, extra=barrier_management()))
    def test_contact_form(self, data):
        self.post_and_check(f"/coach/people/{self.person.pk}/contacts/new/", data)

    @EXAMPLES
    @given(
        data=form_data(coaching_forms.BarrierForm).map(
            lambda d: {**d, "channel": "phone", "occurred_at": "2026-01-05T10:00"}
        )
    )
    def test_contact_form_barriers(self, data):
        payload = {**barrier_management(), **{f"barriers-0-{k}": v for k, v in data.items()}}
        self.post_and_check(f"/coach/people/{self.person.pk}/contacts/new/", payload)

    @EXAMPLES
    @given(data=form_data(coaching_forms.ContactForm, extra=barrier_management()))
    def test_contact_edit_form(self, data):
        self.post_and_check(f"/coach/contacts/{self.contact.pk}/edit/", data)

    @EXAMPLES
    @given(data=form_data(coaching_forms.PersonCreateForm))
    def test_add_a_person(self, data):
        self.post_and_check("/coach/people/new/", data)

    @EXAMPLES
    @given(
        decision=st.sampled_from(["pause", "resume", "end", "restart", "close", "\x00"]),
        data=form_data(coaching_forms.CoachPauseForm),
    )
    def test_record_a_decision(self, decision, data):
        response = self.client.post(f"/coach/people/{self.person.pk}/decision/{decision}/", data)
        SUBMISSIONS["count"] += 1
        self.assertLess(response.status_code, 500)

    @EXAMPLES
    @given(data=form_data(coaching_forms.HandOverForm))
    def test_hand_over(self, data):
        self.post_and_check(f"/coach/people/{self.person.pk}/hand-over/", data)


class PersonFormsTest(BadInputCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.person.user)

    @EXAMPLES
    @given(data=form_data(coaching_forms.PauseForm))
    def test_pause(self, data):
        self.post_and_check("/me/coaching/pause/", data)

    @EXAMPLES
    @given(
        decision=st.sampled_from(["end", "resume", "restart"]),
        data=form_data(coaching_forms.ReasonForm),
    )
    def test_other_steps(self, decision, data):
        self.post_and_check(f"/me/coaching/{decision}/", data)


class PublicFormsTest(BadInputCase):
    @EXAMPLES
    @given(data=form_data(coaching_forms.InvitationRedeemForm))
    def test_invitation_code(self, data):
        self.post_and_check("/welcome/", data, saved_may_change=False)

    @EXAMPLES
    @given(data=form_data(coaching_forms.NewPasswordWithCodeForm))
    def test_code_for_a_new_password(self, data):
        self.post_and_check("/welcome/new-password/", data, saved_may_change=False)

    @EXAMPLES
    @given(data=st.fixed_dictionaries({"login": nasty_text, "password": nasty_text}))
    def test_sign_in(self, data):
        response = self.client.post("/accounts/login/", data)
        SUBMISSIONS["count"] += 1
        self.assertLess(response.status_code, 500)


class MissingCsrfTest(TestCase):
    def test_every_form_refuses_a_post_without_its_csrf_token(self):
        coach = make_coach("meg")
        person = make_person("Sam", coach)
        client = Client(enforce_csrf_checks=True)
        client.force_login(coach)
        before = row_counts()
        for url in [
            f"/coach/people/{person.pk}/contacts/new/",
            "/coach/people/new/",
            f"/coach/people/{person.pk}/decision/pause/",
            f"/coach/people/{person.pk}/hand-over/",
            f"/coach/people/{person.pk}/invitation/",
            f"/coach/people/{person.pk}/password-code/",
        ]:
            response = client.post(url, {"name": "X", "channel": "phone", "person_decided": "on"})
            SUBMISSIONS["count"] += 1
            self.assertEqual(response.status_code, 403, url)
        self.assertEqual(row_counts(), before)
