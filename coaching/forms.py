from datetime import timedelta

from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from coaching.barrier_kinds import category_for
from coaching.models import (
    Contact,
    Person,
    PersonalDetails,
    RelationshipEvent,
    SharingChoice,
    SystemBarrier,
    Theme,
    User,
)
from coaching.reading import rows_planned
from coaching.services import WRITTEN_ABOUT_THE_CONVERSATION, Barrier
from helpers.forms import ModelChoiceField, ModelMultipleChoiceField, PlainWords

# A little slack for a laptop clock that runs ahead of the server's.
FUTURE_SLACK = timedelta(minutes=10)
EARLIEST_YEAR = 2000
# History brought in later is real, so a contact from before coaching began is kept once
# the coach says so; one from longer than this before it is taken for a wrong date.
BEFORE_COACHING_AT_MOST = timedelta(days=365)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MinutesPicker(forms.Widget):
    """Minutes as quick picks (radio buttons styled as chips) for the usual lengths of
    a contact, and "Other" with a box for any number. The box shows only while "Other"
    is chosen (CSS, no script), so the keyboard passes over it. The picks post as
    `<name>_pick`, the box as `<name>`; a pick wins over a number left in the box. Only a
    number typed can be wrong, so an error's link leads to the box, then shown."""

    PICKS = ("10", "15", "20", "30", "45", "60", "90")
    OTHER = "other"
    use_fieldset = True

    def value_from_datadict(self, data, files, name):
        pick = data.get(f"{name}_pick", "")
        return pick if pick in self.PICKS else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_pick" not in data

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.pop("id", f"id_{name}")
        value = "" if value is None else str(value)
        chosen = value if value in self.PICKS else (self.OTHER if value else "")
        aria = flatatt({k: v for k, v in attrs.items() if k.startswith("aria-")})
        extra = flatatt({k: v for k, v in attrs.items() if k.startswith(("aria-", "data-"))})
        chips = format_html_join(
            "\n",
            '<label class="chip"><input type="radio" name="{}_pick" value="{}" id="{}_{}"{}{}>'
            " {}</label>",
            (
                (name, pick, box_id, index, " checked" if pick == chosen else "", extra, label)
                for index, (pick, label) in enumerate(
                    [(pick, pick) for pick in self.PICKS] + [(self.OTHER, "Other")]
                )
            ),
        )
        return format_html(
            '<div class="chips minutes">{}\n<label class="minutes__other">Number of minutes '
            '<input type="number" name="{}" id="{}" value="{}" min="1" max="1440"'
            ' inputmode="numeric"{}></label></div>',
            chips,
            name,
            box_id,
            value if chosen == self.OTHER else "",
            aria,
        )


class ContactForm(PlainWords, forms.ModelForm):
    themes = ModelMultipleChoiceField(
        Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What mattered",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    before_coaching = forms.BooleanField(
        required=False, label="Yes, this contact was before coaching began"
    )

    class Meta:
        model = Contact
        fields = [
            "occurred_at",
            "channel",
            "reached_out_by",
            "place",
            "minutes",
            "themes",
            "notes",
            "connections",
        ]
        widgets = {
            "occurred_at": DateTimeLocalInput,
            "channel": forms.RadioSelect,
            "reached_out_by": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 6}),
            "connections": forms.Textarea(attrs={"rows": 2}),
            "minutes": MinutesPicker,
        }
        labels = {
            "place": "Where (optional)",
            "minutes": "Minutes (optional)",
            "connections": "Connections made (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "place": "A café, a library, their home.",
            "notes": "They can read every word you write here.",
        }
        error_messages = {
            # The form field's own floor is 0; the model's rule, and its words, are 1.
            "minutes": {"min_value": "Minutes must be at least 1."},
            "notes": {
                "max_length": "Please keep the notes of one contact to 10,000 characters "
                "(this has %(show_value)s)."
            },
        }

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["channel"].choices = Contact.Channel.choices
        self.fields["reached_out_by"].choices = [
            (Contact.ReachedOutBy.PERSON, person.name),
            (Contact.ReachedOutBy.COACH, "Me"),
        ]
        if not person.shares(SharingChoice.NOTES):
            for name in WRITTEN_ABOUT_THE_CONVERSATION:
                del self.fields[name]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["occurred_at"].initial = timezone.localtime().replace(
                second=0, microsecond=0
            )
            if not self.is_bound:
                self.fields["channel"].initial = usual_channel(person)
            # Where the keyboard starts: what an ordinary contact needs first.
            first = "minutes" if "minutes" in self.fields else "themes"
            self.fields[first].widget.attrs["data-autofocus"] = True

    # Constraints the form does not ask the database about, which would cost a query
    # each on every save; the database still enforces them. The check constraints each
    # repeat a field's own validation, which has already given its message (minutes
    # within a day; a known channel; who reached out, from the choices; the length of
    # each text, from the model's max_length). tests/coaching/test_contacts.py names
    # them, so a new one is not skipped unseen.
    CONSTRAINTS_NOT_QUERIED = {
        "contact_minutes_within_a_day",
        "contact_channel_known",
        "contact_reached_out_by_known",
        "contact_place_within_limit",
        "contact_notes_within_limit",
        "contact_connections_within_limit",
    }

    def validate_constraints(self):
        names = {constraint.name for constraint in Contact._meta.constraints}
        if names - self.CONSTRAINTS_NOT_QUERIED:
            super().validate_constraints()

    def clean_occurred_at(self):
        when = self.cleaned_data["occurred_at"]
        if when > timezone.now() + FUTURE_SLACK:
            raise ValidationError("A contact cannot be in the future.")
        if when.year < EARLIEST_YEAR:
            raise ValidationError(f"Please give a date from {EARLIEST_YEAR} on.")
        return when

    # Shown only once a date before coaching asks for it (contact_form.html).
    asks_before_coaching = False

    def clean(self):
        cleaned = super().clean()
        when = cleaned.get("occurred_at")
        if when is None or (self.instance.pk and when == self.instance.occurred_at):
            return cleaned  # an edit that keeps the date was asked about when logged
        began = first_coaching_began(self.person, when)
        if began is None or when >= began:
            return cleaned
        name, day = self.person.name, f"{began:%-d %B %Y}"
        if when < began - BEFORE_COACHING_AT_MOST:
            self.add_error(
                "occurred_at",
                f"This is more than a year before {name}'s coaching began, on {day}. "
                "Please check the date. Nothing was saved.",
            )
        elif not cleaned.get("before_coaching"):
            self.asks_before_coaching = True
            self.add_error(
                "occurred_at",
                f"This is before {name}'s coaching began, on {day}. If it really happened "
                "then, tick the box to say so and save again.",
            )
        return cleaned

    def model_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("themes", None)
        data.pop("version", None)
        data.pop("before_coaching", None)
        return data


def usual_channel(person) -> str:
    """How a new contact with the person most likely happened: as their latest did, or
    in person (the commonest way) for a first. Asked on every contact form: the query is
    built once (coaching.reading.rows_planned)."""
    latest = rows_planned(
        "usual channel",
        lambda: (
            Contact.objects.filter(person=Person(pk=STAND_IN_PERSON))
            .order_by("-occurred_at", "-pk")
            .values_list("channel")[:1]
        ),
        {STAND_IN_PERSON: person.pk},
    )
    return latest[0][0] if latest else Contact.Channel.IN_PERSON


# A value no real row has, in place of the person's id in usual_channel's query.
STAND_IN_PERSON = -7_308_001


def first_coaching_began(person, when):
    """When the person's coaching first began, if `when` may be before it: a contact
    later than their record was made is not (records are made as coaching begins, or
    brought in with earlier history), so only an earlier one costs a query."""
    if when >= _to_the_minute(person.created_at):
        return None
    first = (
        RelationshipEvent.objects.filter(relationship__person=person, kind="began")
        .order_by("occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    return _to_the_minute(first or person.created_at)


def _to_the_minute(moment):
    # The form gives a time to the minute: a contact in the minute coaching began is not
    # before it.
    return timezone.localtime(moment).replace(second=0, microsecond=0)


class BarrierForm(PlainWords, forms.Form):
    category = forms.ChoiceField(
        label="Kind of service",
        choices=[("", "Choose one"), *SystemBarrier.Category.choices],
        required=False,
    )
    service = forms.CharField(
        label="Service, in your words",
        max_length=200,
        required=False,
        help_text="Which service got in the way?",
    )
    what_happened = forms.CharField(
        label="What happened",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    raised_with_service = forms.BooleanField(label="Raised with the service", required=False)
    followed_up = forms.BooleanField(label="Followed up", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("service") and not cleaned.get("category"):
            # Words that certainly name one kind ("Jobcentre") need no choosing.
            cleaned["category"] = category_for(cleaned["service"])
            if cleaned["category"] == SystemBarrier.Category.OTHER:
                self.add_error("category", "Please choose the kind of service.")
        # A service already refused (too long) has its own message.
        if (
            any(cleaned.get(name) for name in ("what_happened", "category"))
            and not cleaned.get("service")
            and "service" not in self.errors
        ):
            self.add_error("service", "Please name the service.")
        return cleaned


BARRIER_FIELDS = list(BarrierForm.base_fields)
BarrierFormSet = forms.formset_factory(BarrierForm, extra=1, max_num=10, validate_max=True)


def barriers_to_save(person, formset) -> list[Barrier] | None:
    """The barriers the form gives; with notes off none are offered, so none are taken
    from a post (None: an edit leaves the contact's own as they are)."""
    return barriers_from(formset) if person.share_notes else None


def barriers_from(formset) -> list[Barrier]:
    return [
        Barrier(**{name: f.cleaned_data[name] for name in BARRIER_FIELDS})
        for f in formset.forms
        if f.cleaned_data.get("service")
    ]


def barrier_initial(contact: Contact) -> list[dict]:
    return [{name: getattr(b, name) for name in BARRIER_FIELDS} for b in contact.barriers.all()]


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)


class PauseForm(PlainWords, forms.Form):
    until = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=DateInput,
        help_text=_("You can resume whenever you like, before or after this date."),
    )
    reason = ReasonField(label=_("Anything you'd like to say about it (optional)"))

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until is not None and until <= today:
            raise ValidationError("Please choose a date after today, or leave it empty.")
        if until is not None and until > today + timedelta(days=2 * 365):
            raise ValidationError("Please choose a date within the next two years.")
        return until


class AwayForm(PlainWords, forms.Form):
    until = forms.DateField(
        label="Away until (optional)",
        required=False,
        widget=DateInput,
        help_text="Your last day away: cover ends after it. Empty: until you say you are back.",
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until is not None and until < today:
            raise ValidationError("Please choose today or a later day, or leave it empty.")
        if until is not None and until > today + timedelta(days=365):
            raise ValidationError("Please choose a day within the next year.")
        return until


class ReasonForm(PlainWords, forms.Form):
    reason = ReasonField(label=_("Anything you'd like to say about it (optional)"))


class PersonDecidedMixin(forms.Form):
    """The coach records the person's decision; they confirm it was theirs."""

    person_decided = forms.BooleanField(required=True)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_decided"].label = f"{person.name} decided this"
        self.fields["person_decided"].error_messages["required"] = (
            f"Only {person.name} can decide this. Tick the box to confirm they did."
        )


class CoachPauseForm(PersonDecidedMixin, PauseForm):
    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, person=person, **kwargs)
        self.fields[
            "until"
        ].help_text = f"{person.name} can resume whenever they like, before or after this date."
        self.fields[
            "reason"
        ].label = f"Anything {person.name} would like to say about it (optional)"


class CoachReasonForm(PersonDecidedMixin, ReasonForm):
    """The reason is the person's, in their words: it shows to them as theirs."""

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, person=person, **kwargs)
        self.fields[
            "reason"
        ].label = f"Anything {person.name} would like to say about it (optional)"


class HandOverForm(PlainWords, forms.Form):
    to_coach = ModelChoiceField(
        User.objects.none(), label="Hand over to", empty_label="Choose a coach"
    )
    reason = ReasonField(
        label="Why (optional)",
        help_text="They read exactly this in their story, beside who their coach is now.",
    )

    def __init__(self, *args, current_coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_coach"].queryset = (
            User.objects.filter(role=User.Role.COACH, is_active=True)
            .exclude(pk=current_coach.pk)
            .select_related("team")
            .order_by("team__name", "first_name", "last_name")
        )
        self.fields["to_coach"].label_from_instance = self.coach_label

    @staticmethod
    def coach_label(coach) -> str:
        """Their name and team, and whether they are away: someone handed to a coach
        who is away would wait to hear from them."""
        label = f"{coach.display_name} ({coach.team or 'no team'}"
        if coach.is_away:
            until = (
                f" until {coach.away_until.day} {coach.away_until:%B}" if coach.away_until else ""
            )
            label += f", away{until}"
        return label + ")"


class NameAndAreaForm(PlainWords, forms.Form):
    """The name a person likes to be called, and their area. Moving area changes this
    and nothing else: coaching carries on."""

    name = forms.CharField(
        max_length=120, help_text="The name they would like to be called; a first name is fine."
    )
    area = forms.CharField(
        max_length=120, required=False, help_text="Optional: a borough, county or town."
    )

    def __init__(self, *args, speaking_to_the_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if speaking_to_the_person:
            self.fields["name"].label = _("The name you'd like to be called")
            self.fields["name"].help_text = _("A first name or a nickname is fine.")
            self.fields["area"].label = _("Your area")
            area_help = _("Optional: a borough, county or town. Moving changes nothing else.")
            self.fields["area"].help_text = area_help


class EarlierRecordFields:
    """For a form that begins coaching: when the person may be someone the coach walked
    with before (coaching.returning), ask whether to carry on their story instead."""

    def offer_earlier(self, matches) -> None:
        self.matches = {str(person.pk): person for person in matches}
        if not matches:
            return
        self.fields["earlier"] = forms.ChoiceField(
            label="Is this someone you walked with before?",
            widget=forms.RadioSelect,
            choices=[
                *((pk, f"Yes: {_known_as(p)}, coaching ended") for pk, p in self.matches.items()),
                ("new", "No, this is someone new"),
            ],
            error_messages={"required": "Say whether this is someone you walked with before."},
        )
        self.fields["agreed"] = forms.BooleanField(
            required=False,
            label="They told me this is them, and they want to carry on their story",
            help_text="Their goals, notes and steps so far stay with them. Nothing is joined "
            "unless you choose it here.",
        )

    def check_agreed(self, cleaned: dict) -> None:
        if cleaned.get("earlier", "new") != "new" and not cleaned.get("agreed"):
            self.add_error("agreed", "Ask them first: carry on their story only if they agree.")

    @property
    def returning(self):
        """The earlier record to carry on, or None for someone new."""
        return self.matches.get(self.cleaned_data.get("earlier", "new"))


def _known_as(person) -> str:
    return f"{person.name} ({person.area})" if person.area else person.name


class PersonCreateForm(EarlierRecordFields, NameAndAreaForm):
    asked_by_person = forms.BooleanField(
        required=False, label="They asked for a coach themselves", initial=True
    )
    date_of_birth = forms.DateField(
        required=False,
        label="Date of birth (optional)",
        widget=DateInput,
        help_text="Only used to find an earlier record of theirs. It is not kept here.",
    )

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_earlier(matches)

    def clean(self):
        cleaned = super().clean()
        self.check_agreed(cleaned)
        return cleaned


# Under every box where a person chooses a password: the rules, in plain words.
PASSWORD_HELP = _("At least 10 characters. A few words strung together work well.")


class NewPasswordFields(PlainWords, forms.Form):
    """A password typed twice, checked against the password rules."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            try:
                validate_password(password1, User(username=cleaned.get("username", "")))
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Your code"),
            max_length=20,
            help_text=_("The 8 letters and numbers your coach gave you, like ABCD-2345."),
            widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
            **kwargs,
        )


USERNAME_TAKEN = _("That username is taken. Please choose another.")


class InvitationRedeemForm(NewPasswordFields):
    code = CodeField()
    username = forms.CharField(
        label=_("Choose a username"),
        max_length=40,
        help_text=_("Letters, numbers and . _ - only. You will use it to sign in."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    field_order = ["code", "username", "password1", "password2"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        # Ours first: Django's own rule also allows @ and +, and would say so.
        if not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
            raise ValidationError(_("Please use only letters, numbers and . _ -"))
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(USERNAME_TAKEN)
        return username


class NewPasswordWithCodeForm(NewPasswordFields):
    code = CodeField()
    field_order = ["code", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Choose a new password")
        self.fields["password2"].label = _("Type the new password again")


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
        self.fields["login"].widget.attrs.update(autocomplete="username", placeholder="")
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.update(placeholder="")


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's, in our words (its wrong-password message is the adapter's). Its
    "Forgot your password?" led to a reset by email, which people without an email
    address cannot use: they ask their coach for a code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = _("Your password now")
        self.fields["oldpassword"].help_text = (
            _("Forgotten it? Sign out, then choose a new password with a code from your coach.")
            if self.user and self.user.is_person
            else ""
        )
        self.fields["password1"].label = _("New password")
        self.fields["password1"].help_text = PASSWORD_HELP
        self.fields["password2"].label = _("New password, again")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)  # the label says it, above


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    """allauth's new password from an emailed link, labelled as when changing it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("New password")
        self.fields["password1"].help_text = PASSWORD_HELP
        self.fields["password2"].label = _("New password, again")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)  # the label says it, above


YES_NO = [("yes", _("Yes")), ("no", _("No"))]

SHARING_HELP = {
    SharingChoice.NOTES: _(
        "If you say no, your coach records only when you were in touch, how, who reached "
        "out and what mattered: no written notes."
    ),
    SharingChoice.WELLBEING: _(
        "If you say no, you won't be offered the wellbeing questions and no new scores are "
        "kept. Any you filled in before stay in your record."
    ),
    SharingChoice.REPORTING: _(
        "Reports for the people who fund us, and for learning. Your name is never in them. "
        "If you say no, you are left out of every figure."
    ),
    SharingChoice.COVER: _(
        "If you say yes, another coach in your coach's team can open your record while your "
        "coach is away. You will see every time they do."
    ),
}


class SharingForm(PlainWords, forms.Form):
    """One yes/no per sharing choice, starting from what the person chose before."""

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        for choice in SharingChoice:
            self.fields[choice.value] = forms.ChoiceField(
                label=choice.label,
                choices=YES_NO,
                widget=forms.RadioSelect,
                help_text=SHARING_HELP[choice],
                initial="yes" if person.shares(choice) else "no",
            )

    def choices(self) -> dict[str, bool]:
        return {choice: self.cleaned_data[choice.value] == "yes" for choice in SharingChoice}


class CoachSharingForm(SharingForm):
    """The coach records the person's choices, with them; they confirm it."""

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, person=person, **kwargs)
        self.fields["person_decided"] = forms.BooleanField(
            label=f"{person.name} chose these with me",
            error_messages={
                "required": f"Only {person.name} chooses what is shared. "
                "Tick the box to confirm they did."
            },
        )


class PersonalDetailsForm(PlainWords, forms.ModelForm):
    class Meta:
        model = PersonalDetails
        fields = PersonalDetails.FIELDS
        widgets = {
            "date_of_birth": DateInput,
            "gender": forms.RadioSelect,
            "ethnicity": forms.RadioSelect,
            "disability": forms.RadioSelect,
        }
        labels = {
            "date_of_birth": _("Date of birth"),
            "date_of_birth_not_said": _("Prefer not to say my date of birth"),
            "gender": _("Gender"),
            "gender_own_words": _("Your gender in your own words (optional)"),
            "ethnicity": _("Ethnic group"),
            "ethnicity_own_words": _("Your ethnic background in your own words (optional)"),
            "disability": _("Do you have a disability or long-term health condition?"),
            "pronouns": _("Pronouns (optional)"),
        }
        help_texts = {
            "date_of_birth": _("Optional. Leave it empty to clear it."),
            "gender_own_words": _('Only if you chose "In my own words".'),
            "ethnicity_own_words": _("For example: Pakistani, Irish Traveller, Polish."),
            "pronouns": _("For example: she/her, he/him, they/them."),
        }

    NOT_ANSWERED = ("", _("Leave blank"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["gender", "ethnicity", "disability"]:
            choices = [c for c in self.fields[name].choices if c[0] != ""]
            self.fields[name].choices = [*choices, self.NOT_ANSWERED]
            self.fields[name].required = False

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is not None and born > timezone.localdate():
            raise ValidationError("A date of birth cannot be in the future.")
        if born is not None and born.year < 1900:
            raise ValidationError("Please give a date from 1900 on, or leave it empty.")
        return born

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_of_birth") and cleaned.get("date_of_birth_not_said"):
            self.add_error(
                "date_of_birth_not_said",
                _("You gave a date of birth and chose not to say. Please clear one of them."),
            )
        words = cleaned.get("gender_own_words", "")
        if words and cleaned.get("gender") in ("", PersonalDetails.Gender.OWN_WORDS):
            cleaned["gender"] = PersonalDetails.Gender.OWN_WORDS
        elif words:
            self.add_error("gender_own_words", _('Please choose "In my own words" to use these.'))
        elif cleaned.get("gender") == PersonalDetails.Gender.OWN_WORDS:
            self.add_error(
                "gender_own_words", _("Please write your gender, or choose another answer.")
            )
        return cleaned


class OwnWordsForm(PlainWords, forms.Form):
    text = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Please write a few words.")
        return text


class CoachOwnWordsForm(PersonDecidedMixin, OwnWordsForm):
    def __init__(self, *args, person, label: str, **kwargs):
        super().__init__(*args, person=person, label=label, **kwargs)
        self.fields["person_decided"].label = f"{person.name} said this, with me"
        self.fields["person_decided"].error_messages["required"] = (
            f"These are {person.name}'s own words. Tick the box to confirm they said them."
        )


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand this deletes the record for good and cannot be undone",
        error_messages={"required": "Please tick the box to confirm."},
    )
