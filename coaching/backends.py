"""Authentication backends that read a user's second factor with the user.

Every member of staff's page asks whether they have a second factor. Read in the same
query as the user, it costs no query of its own. A user got another way (a test's
force_login, the shell) has no such attribute, and `needs_second_factor` asks the database again.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef


class SecondFactorWithUser:
    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(
            has_second_factor=Exists(Authenticator.objects.filter(user=OuterRef("pk")))
        )
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(SecondFactorWithUser, backends.ModelBackend):
    """Django's username and password sign-in, as used after redeeming an invitation."""


class AuthenticationBackend(SecondFactorWithUser, AllauthBackend):
    """allauth's sign-in by username or email."""
