"""Writing to the audit log, from anywhere, in one line."""

import hashlib

from django.conf import settings

from coaching.models import AuditEvent


def audit(request=None, action: str = "", *, actor=None, obj=None, detail: str = "") -> None:
    actor = actor if actor is not None else getattr(request, "user", None)
    _event(action, actor, obj, detail, _ip_hash(request)).save()


def audit_each(action: str, *, actor, objs) -> None:
    """One event for each of `objs`, written together: for a step that makes many
    rows at once (the successful starts a count finds)."""
    AuditEvent.objects.bulk_create(_event(action, actor, obj, "", "") for obj in objs)


def _event(action: str, actor, obj, detail: str, ip_hash: str) -> AuditEvent:
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        action=AuditEvent.Action(action),
        actor_id=actor.pk if is_user else None,
        actor_role=actor.role if is_user else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        detail=detail[:200],
        ip_hash=ip_hash,
    )


def _ip_hash(request) -> str:
    """Enough to see a burst from one address, not enough to name it."""
    from coaching.ratelimit import client_address

    address = client_address(request) if request is not None else ""
    if not address:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:16]
