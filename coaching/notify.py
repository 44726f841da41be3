"""Emails to a coach about what one of their people did. Never a name or a detail:
the email only says to sign in, so a shared inbox or a lost phone gives nothing away.

No request waits for the mail server: `email_coach_about` enqueues the email (a row
written in the request's own transaction, so it is saved with the step or not at all)
and the worker (`manage.py db_worker`) sends it, trying again until it goes."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# A failed send is tried again after a minute, then two, four... and at least once an
# hour for as long as the mail server is away: an email is never given up on.
RETRY_FIRST_WAIT = timedelta(minutes=1)
RETRY_LONGEST_WAIT = timedelta(hours=1)


def activity_email_body(kind_label: str) -> tuple[str, str]:
    subject = f"One of your people has {kind_label}"
    body = (
        f"One of your people has {kind_label}. Sign in to see who.\n\n"
        f"This email never holds names or details. {settings.SITE_NAME}"
    )
    return subject, body


def email_coach_about(activity) -> None:
    """Enqueue the generic email for an important activity, if switched on."""
    if not settings.COACH_ACTIVITY_EMAILS:
        return
    relationship = activity.person.current_relationship
    coach = relationship.coach if relationship else None
    if coach is None or not coach.email or not coach.is_active:
        return
    subject, body = activity_email_body(activity.get_kind_display())
    email_user.enqueue(coach.pk, subject, body)


def retry_wait(attempt: int) -> timedelta:
    return min(RETRY_FIRST_WAIT * 2 ** (attempt - 1), RETRY_LONGEST_WAIT)


@task()
def email_user(user_id: int, subject: str, body: str, attempt: int = 1) -> str:
    """Email one sign-in. The address is read as the email is sent, so a sign-in
    switched off or erased meanwhile is sent nothing. When the mail server cannot be
    reached, the same email is enqueued again, to be tried after a longer wait."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return "no one to send to"
    try:
        send_mail(subject, body, None, [user.email])
    except OSError:  # the network, a timeout, or the SMTP server refusing
        wait = retry_wait(attempt)
        email_user.using(run_after=timezone.now() + wait).enqueue(
            user_id, subject, body, attempt=attempt + 1
        )
        logger.warning("Email to user %s failed; trying again in %s", user_id, wait)
        raise  # this attempt is kept as failed, with its error; the next one waits
    return "sent"
