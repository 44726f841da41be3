from coaching.models.access_log import AccessLogEntry
from coaching.models.activity import Activity, record_activity
from coaching.models.audit_log import AuditEvent
from coaching.models.contacts import Contact, ContactRevision, SystemBarrier, Theme
from coaching.models.details import PREFER_NOT_TO_SAY, PersonalDetails
from coaching.models.erasure import AnonymousCount, DeletionRequest
from coaching.models.in_touch import ContactAsk, KeepingInTouch, quiet_after
from coaching.models.invitations import (
    INVITATION_ALPHABET,
    Invitation,
    hash_invitation_code,
    normalise_invitation_code,
)
from coaching.models.own_words import Goal, OwnWords, Strength
from coaching.models.people import AreaMove, Person, PersonQuerySet, SharingChoice, Team, User
from coaching.models.reflections import LearningSession, Reflection
from coaching.models.relationships import (
    InvalidTransition,
    Relationship,
    RelationshipEvent,
    RelationshipStatus,
)
from coaching.models.requests import CoachChangeRequest, CoachRequest, CoachRequestPass
from coaching.models.sent_forms import SentForm
from coaching.models.sharing import SharingChange
from coaching.models.story_words import Correction, PersonEntry

__all__ = [
    "INVITATION_ALPHABET",
    "PREFER_NOT_TO_SAY",
    "AccessLogEntry",
    "AreaMove",
    "Activity",
    "AuditEvent",
    "CoachChangeRequest",
    "CoachRequest",
    "CoachRequestPass",
    "AnonymousCount",
    "Contact",
    "ContactAsk",
    "ContactRevision",
    "Correction",
    "DeletionRequest",
    "Goal",
    "InvalidTransition",
    "Invitation",
    "KeepingInTouch",
    "LearningSession",
    "OwnWords",
    "Person",
    "PersonQuerySet",
    "PersonEntry",
    "PersonalDetails",
    "Reflection",
    "Relationship",
    "RelationshipEvent",
    "RelationshipStatus",
    "SentForm",
    "SharingChange",
    "SharingChoice",
    "Strength",
    "SystemBarrier",
    "Team",
    "Theme",
    "User",
    "hash_invitation_code",
    "normalise_invitation_code",
    "quiet_after",
    "record_activity",
]
