"""One way for every form that makes something to save it once, however often it is sent.

Each such form carries a fresh random key in a hidden field (the partial
templates/coaching/includes/sent_once.html). The view saves inside `sent_once`:

    with sent_once(request, result_url=person.get_absolute_url()) as sending:
        services.own_words_add(...)
    if sending.sent_before:
        return to_first_sending(request, sending.first)

The key is written in the same transaction as what the form saves, after it. Sent a
second time, the key is refused by the database (it is SentForm's primary key), so the
whole of the second saving is rolled back and the view sends the browser to the page
that showed the first. Two sendings at the same instant end the same way: on
PostgreSQL the second insert waits for the first transaction and is then refused.

Back after saving is the other way a form comes twice. Pages are never cached, so Back
loads the form again with a new key, while the browser puts the typed words back. So
the row also keeps a digest of the words (keyed by SECRET_KEY, with who sent them and
to which address), unique among rows: the same words from the same sender to the same
form within WORDS_KEPT_FOR are that first sending, refused by the database like a key.
Different words, or the same words later on, are a new thing and saved.

A sending without a key (a page loaded before keys were added, or a client that drops
hidden fields) is saved as it always was, once per sending: refusing it would lose
nothing for a double press from our own pages, which always carry the key
(tests/coaching/test_sent_once.py checks every creating form does), and would ask
someone to send their words again for no reason they could see.
"""

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from coaching.models import SentForm

FIELD = "sent_once_key"
ALREADY_SAVED = _("This was saved already at {time}.")
# A form's key is kept this long (housekeeping deletes older ones): far longer than a
# page is left open before its form is sent again.
KEEP_KEYS_FOR = timedelta(days=30)
# Long enough to press Back and send again; short enough that the same words sent on
# purpose later (the same score next week) are saved.
WORDS_KEPT_FOR = timedelta(minutes=10)
# Fields that differ with each load of the same form: not the words.
NOT_WORDS = {FIELD, "csrfmiddlewaretoken"}


@dataclass(frozen=True)
class FirstSending:
    result_url: str
    sent_at: datetime


@dataclass
class Sending:
    key: uuid.UUID | None
    words: str
    # The page that shows what the form saved: where a second sending goes.
    result_url: str
    # Set when this form was sent before: the first sending.
    first: FirstSending | None = None

    @property
    def sent_before(self) -> bool:
        return self.first is not None


class _SentBefore(Exception):
    pass


def posted_key(request: HttpRequest) -> uuid.UUID | None:
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def key_for_form(request: HttpRequest | None, posts_to: str | None = None) -> uuid.UUID:
    """The key a form carries: the one it was sent with when it comes back with
    mistakes to correct (nothing was saved, so it is still unused), else a new one.

    On a page with two such forms, each posting to its own address (`posts_to`), only
    the one that was sent gets its key back: the other's must differ, or saving one
    would make the other look sent before."""
    key = posted_key(request) if request is not None else None
    if key is None or (posts_to and posts_to != request.path):
        return uuid.uuid4()
    return key


def words_digest(request: HttpRequest) -> str:
    """What the form said, who said it and where, as a keyed digest: it can find the
    same words again, and holds none of them."""
    said = sorted(
        (name, request.POST.getlist(name)) for name in request.POST if name not in NOT_WORDS
    )
    sender = _sender(request)
    value = json.dumps([sender.pk if sender else None, request.path, said])
    return salted_hmac("coaching.SentForm.words", value, algorithm="sha256").hexdigest()


@contextmanager
def sent_once(request: HttpRequest, *, result_url: str = "") -> Iterator[Sending]:
    """Save what the block saves, and the form's key and words with it, in one
    transaction.

    If the form was sent before (its key, or its words within WORDS_KEPT_FOR), nothing
    the block saved is kept and `sent_before` is true. That holds too when the block
    refuses (an exception): what the first sending saved can make the second refuse (an
    outcome already recorded that day, a contract of that name), and the right answer
    is the first sending's page, not the refusal. Set `result_url` in the block when it
    depends on what was saved.
    """
    sending = Sending(key=posted_key(request), words=words_digest(request), result_url=result_url)
    user = _sender(request)
    try:
        with transaction.atomic():
            yield sending
            if sending.key is not None:
                _remember(sending, user)
    except _SentBefore:
        sending.first = _first_sending(sending, user) or FirstSending("/", timezone.now())
    except Exception:
        if sending.key is None:
            raise
        first = _first_sending(sending, user)
        if first is None:
            raise
        sending.first = first


def _remember(sending: Sending, user) -> None:
    # Words sent longer ago are a new thing when sent again: let them go first. Only
    # that one row is touched (the digest is unique), so no sending locks another's.
    SentForm.objects.filter(
        words=sending.words, sent_at__lt=timezone.now() - WORDS_KEPT_FOR
    ).update(words=None)
    try:
        SentForm.objects.create(
            key=sending.key, sent_by=user, result_url=sending.result_url, words=sending.words
        )
    except IntegrityError as refused:
        raise _SentBefore from refused


def _sender(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


def _first_sending(sending: Sending, user) -> FirstSending | None:
    # Only the sender's own key leads to its page. A key is never shown to anyone
    # else; one sent by someone else saves nothing and leads home. The words' digest
    # holds who sent them, so it finds only the sender's own.
    recently = Q(words=sending.words, sent_at__gte=timezone.now() - WORDS_KEPT_FOR)
    first = (
        SentForm.objects.filter(Q(key=sending.key) | recently, sent_by=user)
        .order_by("sent_at")
        .values_list("result_url", "sent_at")
        .first()
    )
    return FirstSending(*first) if first else None


def first_sending(request: HttpRequest) -> FirstSending | None:
    """The first sending if this form was sent before, else None: for a view that must
    know before it saves (asking for a coach counts sends against a limit, and a
    second press is not a new send)."""
    key = posted_key(request)
    if key is None:
        return None
    return _first_sending(
        Sending(key=key, words=words_digest(request), result_url=""), _sender(request)
    )


def to_first_sending(
    request: HttpRequest, first: FirstSending, message: str = ALREADY_SAVED
) -> HttpResponseRedirect:
    """Say calmly that it was already saved, and when, and show the page that shows it."""
    time = timezone.localtime(first.sent_at).strftime("%H:%M")
    messages.info(request, message.format(time=time))
    return HttpResponseRedirect(first.result_url)


def forget_older_than(age: timedelta, *, now: datetime | None = None) -> int:
    """Delete forms sent more than `age` ago, and clear the words of any sent more than
    WORDS_KEPT_FOR ago. For housekeeping: a key matters only while its page might be
    sent again (a day is plenty), and the words only for minutes. Returns how many
    rows were deleted."""
    now = now or timezone.now()
    deleted, _ = SentForm.objects.filter(sent_at__lt=now - age).delete()
    SentForm.objects.filter(words__isnull=False, sent_at__lt=now - WORDS_KEPT_FOR).update(
        words=None
    )
    return deleted


def forget_all_words() -> None:
    """Clear every form's words: a digest is not the words, but it could confirm a
    guess at them. For when words someone wrote are deleted (notes, a whole record)."""
    SentForm.objects.filter(words__isnull=False).update(words=None)


def forget_words_sent_by(user) -> None:
    """Clear the words of every form `user` sent: for when they delete words they
    wrote. The digest could confirm a guess at them, and the same words sent again
    are a new thing, not the deleted first sending."""
    SentForm.objects.filter(sent_by=user, words__isnull=False).update(words=None)
