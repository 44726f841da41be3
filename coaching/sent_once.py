"""One way for every form that makes something to save it once, however often it is sent.

Each such form carries a fresh random key in a hidden field (the partial
templates/coaching/includes/sent_once.html). The view saves inside `sent_once`:

    with sent_once(request, result_url=person.get_absolute_url()) as sending:
        services.own_words_add(...)
    if sending.sent_before:
        return to_first_sending(request, sending.first_result_url)

The key is written in the same transaction as what the form saves, after it. Sent a
second time, the key is refused by the database (it is SentForm's primary key), so the
whole of the second saving is rolled back and the view sends the browser to the page
that showed the first. Two sendings at the same instant end the same way: on
PostgreSQL the second insert waits for the first transaction and is then refused.

A sending without a key (a page loaded before keys were added, or a client that drops
hidden fields) is saved as it always was, once per sending: refusing it would lose
nothing for a double press from our own pages, which always carry the key
(tests/coaching/test_sent_once.py checks every creating form does), and would ask
someone to send their words again for no reason they could see.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone

from coaching.models import SentForm

FIELD = "sent_once_key"
ALREADY_SAVED = "That was already saved."
# A form's key is kept this long (housekeeping deletes older ones): far longer than a
# page is left open before its form is sent again.
KEEP_KEYS_FOR = timedelta(days=30)


@dataclass
class Sending:
    key: uuid.UUID | None
    # The page that shows what the form saved: where a second sending goes.
    result_url: str
    # Set when the key was already used: the first sending's page.
    first_result_url: str | None = None

    @property
    def sent_before(self) -> bool:
        return self.first_result_url is not None


class _SentBefore(Exception):
    pass


def posted_key(request: HttpRequest) -> uuid.UUID | None:
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def key_for_form(request: HttpRequest | None) -> uuid.UUID:
    """The key a form carries: the one it was sent with when it comes back with
    mistakes to correct (nothing was saved, so it is still unused), else a new one."""
    return (posted_key(request) if request is not None else None) or uuid.uuid4()


@contextmanager
def sent_once(request: HttpRequest, *, result_url: str = "") -> Iterator[Sending]:
    """Save what the block saves, and the form's key with it, in one transaction.

    If the key was used before, nothing the block saved is kept and `sent_before` is
    true. That holds too when the block refuses (an exception): what the first sending
    saved can make the second refuse (an outcome already recorded that day, a contract
    of that name), and the right answer is the first sending's page, not the refusal.
    Set `result_url` in the block when it depends on what was saved.
    """
    sending = Sending(key=posted_key(request), result_url=result_url)
    user = request.user if request.user.is_authenticated else None
    try:
        with transaction.atomic():
            yield sending
            if sending.key is not None:
                try:
                    SentForm.objects.create(
                        key=sending.key, sent_by=user, result_url=sending.result_url
                    )
                except IntegrityError as refused:
                    raise _SentBefore from refused
    except _SentBefore:
        sending.first_result_url = _first_result_url(sending, user) or "/"
    except Exception:
        if sending.key is None:
            raise
        first = _first_result_url(sending, user)
        if first is None:
            raise
        sending.first_result_url = first


def _first_result_url(sending: Sending, user) -> str | None:
    # Only the sender's own key leads to its page. A key is never shown to anyone
    # else; one sent by someone else saves nothing and leads home.
    return (
        SentForm.objects.filter(key=sending.key, sent_by=user)
        .values_list("result_url", flat=True)
        .first()
    )


def first_result_url(request: HttpRequest) -> str | None:
    """The first sending's page if this form's key was used before, else None: for a
    view that must know before it saves (asking for a coach counts sends against a
    limit, and a second press is not a new send)."""
    key = posted_key(request)
    if key is None:
        return None
    user = request.user if request.user.is_authenticated else None
    return _first_result_url(Sending(key=key, result_url=""), user)


def to_first_sending(
    request: HttpRequest, url: str, message: str = ALREADY_SAVED
) -> HttpResponseRedirect:
    """Say calmly that it was already saved, and show the page that shows it."""
    messages.info(request, message)
    return HttpResponseRedirect(url)


def forget_old_sent_forms() -> int:
    """Delete the keys of forms sent longer ago than KEEP_KEYS_FOR; returns how many."""
    deleted, _ = SentForm.objects.filter(sent_at__lt=timezone.now() - KEEP_KEYS_FOR).delete()
    return deleted
