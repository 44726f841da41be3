import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from coaching.audit import audit
from coaching.models import AuditEvent

# Touch the session at most once a minute, so an active user does not write on
# every request.
LAST_SEEN_RESOLUTION = 60


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in user may hold personal data: never cache them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response


class SessionLimitsMiddleware:
    """Sign staff out after a quiet spell, and everyone after the absolute limit.

    A coach's laptop left open in a café should not stay signed in to people's
    records; nor should any session live forever.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _expired(self, request) -> str | None:
        now = time.time()
        session = request.session
        signed_in_at = session.setdefault("signed_in_at", now)
        last_seen_at = session.get("last_seen_at", now)
        if now - signed_in_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
            return "For your safety you were signed out. Please sign in again."
        is_staff_role = not request.user.is_person
        if is_staff_role and now - last_seen_at > settings.STAFF_IDLE_MINUTES * 60:
            return "You were signed out after a quiet spell. Please sign in again."
        if now - last_seen_at >= LAST_SEEN_RESOLUTION or "last_seen_at" not in session:
            session["last_seen_at"] = now
        return None


class AuditRefusalsMiddleware:
    """Write every refused look (a wrong role's 403, someone else's id's 404) by a
    signed-in user to the audit log, whichever view refused it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (Http404, PermissionDenied)) and request.user.is_authenticated:
            audit(request, AuditEvent.Action.ACCESS_REFUSED, detail=request.path)
        return None


class MethodNotAllowedPageMiddleware:
    """A page in our words for an address opened the wrong way, such as a button's
    address from a bookmark or the browser's history: Django answers 405 with an empty
    body, which a browser shows as an error of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        return page


class PersonLanguageMiddleware:
    """Once signed in, pages are in the language the user saved (the switch saves it);
    before that, LocaleMiddleware's choice stands (the switch's cookie, else the browser).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = user.language if user is not None and user.is_authenticated else ""
        if chosen and chosen != request.LANGUAGE_CODE:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)
