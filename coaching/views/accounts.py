"""Where signing in begins and ends: home by role, invitation codes, health."""

import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from coaching import ratelimit, services
from coaching.access import posted
from coaching.audit import audit
from coaching.forms import USERNAME_TAKEN, InvitationRedeemForm, NewPasswordWithCodeForm
from coaching.models import AuditEvent
from coaching.tasks import HEARTBEAT_EVERY, last_heartbeat


@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect(request.user.home_url())


@login_not_required
@require_POST
def quick_exit(request):
    """Sign out in the background as the person leaves: the quick-exit button sends
    this as the browser goes elsewhere. Unlike "Sign out" it leaves no "you have signed
    out" message, so going Back shows only a plain sign-in page."""
    logout(request)
    return HttpResponse(status=204)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_redeem(request):
    form = InvitationRedeemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if not _may_try_a_code(request):
            return _too_many_tries(request, "coaching/invitation_redeem.html", form)
        try:
            user = services.invitation_redeem(
                code=form.cleaned_data["code"],
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationForNewPassword:
            form.add_error(
                "code",
                _(
                    "You already have a sign-in, so this code is for choosing a new password: "
                    "use “I have forgotten my password”, below."
                ),
            )
        except services.InvitationInvalid:
            form.add_error("code", CODE_DOES_NOT_WORK)
        except services.UsernameTaken:
            form.add_error("username", USERNAME_TAKEN)
        else:
            _give_back_a_try(request)
            login(request, user, backend="coaching.backends.ModelBackend")
            messages.success(request, _("Welcome. This is your own space."))
            return redirect("coaching:me")
    return render(request, "coaching/invitation_redeem.html", {"form": form})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def new_password_with_code(request):
    """For a person who forgot their password and has no email: a code from their coach."""
    form = NewPasswordWithCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if not _may_try_a_code(request):
            return _too_many_tries(request, "coaching/new_password.html", form)
        try:
            user, invitation = services.invitation_new_password(
                code=form.cleaned_data["code"], password=form.cleaned_data["password1"]
            )
        except services.InvitationForSetUp:
            form.add_error(
                "code",
                _(
                    "This code is for setting up your sign-in for the first time: use “Set up "
                    "my sign-in”, below."
                ),
            )
        except services.InvitationInvalid:
            form.add_error("code", CODE_DOES_NOT_WORK)
        except ValidationError as error:
            _give_back_a_try(request)  # the code was good; the password was not
            form.add_error("password1", error)
        else:
            _give_back_a_try(request)
            login(request, user, backend="coaching.backends.ModelBackend")
            audit(
                request,
                AuditEvent.Action.PASSWORD_SET_WITH_CODE,
                obj=user,
                detail=f"with a code made by user {invitation.created_by_id}",
            )
            messages.success(
                request,
                _("Your new password is set. Your username is %(username)s: you sign in with it.")
                % {"username": user.username},
            )
            return redirect("coaching:me")
    return render(request, "coaching/new_password.html", {"form": form})


CODE_DOES_NOT_WORK = _(
    "That code does not work. It may have expired or been used already: "
    "your coach can give you a new one."
)


# Codes are short: one limit for every page that takes one. Each try at a code counts,
# and a good one is given back, so a room of people setting up their sign-ins on a
# hostel's wifi, one address for all of them, do not use up one another's tries; a
# mistyped password is caught before any code is tried.
def _may_try_a_code(request) -> bool:
    return ratelimit.allow(request, scope="invitation", limit=settings.INVITATION_ATTEMPTS_PER_HOUR)


def _give_back_a_try(request) -> None:
    ratelimit.give_back(request, scope="invitation")


def _too_many_tries(request, template: str, form):
    form.add_error(None, _("Too many tries from here. Please wait an hour, or ask your coach."))
    return render(request, template, {"form": form}, status=429)


@require_GET
def security(request):
    return render(request, "coaching/security.html")


@login_not_required
def server_error(request):
    """While the database is down (a restart, a failover) say so plainly with a 503
    and a Retry-After: nothing was saved, and trying again soon will work."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "10"
        return response
    return render(request, "500.html", status=500)


@login_not_required
@require_GET
def healthz(request):
    """For load balancers and monitors: 200 when the database answers (reading the
    heartbeat asks it), with when the worker last ran a heartbeat. A late worker
    leaves the answer 200: the pages work without it, and a load balancer must not
    take them away. A monitor alerts on "worker: late"."""
    beat = last_heartbeat()
    if beat is None:
        worker = "worker: no heartbeat yet"
    else:
        seconds = int((timezone.now() - beat).total_seconds())
        state = "ok" if seconds <= WORKER_LATE_AFTER.total_seconds() else "late"
        worker = f"worker: {state}, last heartbeat {seconds} seconds ago"
    return HttpResponse(f"database: ok\n{worker}\n", content_type="text/plain")


# The clock enqueues a heartbeat every minute; five without one is a stopped worker.
WORKER_LATE_AFTER = 5 * HEARTBEAT_EVERY


@login_not_required
@require_POST
def choose_language(request):
    """The language switch on public and person pages: kept in a cookie for the
    browser, and saved for a signed-in user so their pages and emails follow it."""
    response = set_language(request)
    chosen = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and chosen in dict(settings.LANGUAGES) and chosen != user.language:
        user.language = chosen
        user.save(update_fields=["language"])
    return response
