"""Emails to a coach about what one of their people did. Never a name or a detail:
the email only says to sign in, so a shared inbox or a lost phone gives nothing away."""

import logging

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def activity_email_body(kind_label: str) -> tuple[str, str]:
    subject = f"One of your people has {kind_label}"
    body = (
        f"One of your people has {kind_label}. Sign in to see who.\n\n"
        f"This email never holds names or details. {settings.SITE_NAME}"
    )
    return subject, body


def email_coach_about(activity) -> None:
    """Send the generic email for an important activity, if switched on.

    Runs after the activity is committed; a failing mail server is logged and
    never undoes what the person did.
    """
    if not settings.COACH_ACTIVITY_EMAILS:
        return
    relationship = activity.person.current_relationship
    coach = relationship.coach if relationship else None
    if coach is None or not coach.email or not coach.is_active:
        return
    subject, body = activity_email_body(activity.get_kind_display())
    try:
        send_mail(subject, body, None, [coach.email])
    except Exception:
        logger.exception("Could not email coach %s about activity %s", coach.pk, activity.pk)
