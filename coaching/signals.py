"""Sign-in events for the audit log. Django sends these; we only write them down."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from coaching.audit import audit
from coaching.models import AuditEvent


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    audit(request, AuditEvent.Action.SIGNED_IN, actor=user)
    # Session limits count from here (see SessionLimitsMiddleware).
    now = time.time()
    request.session["signed_in_at"] = request.session["last_seen_at"] = now


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    audit(request, AuditEvent.Action.SIGNED_OUT, actor=user)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Never the credentials: a mistyped password is often a real one.
    audit(request, AuditEvent.Action.SIGN_IN_FAILED, actor=None)
