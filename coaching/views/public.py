"""Pages anyone can use without signing in: asking for a coach, and the statements
(how we use your information, accessibility)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coaching import ratelimit, services
from coaching.access import posted
from coaching.models import Team
from coaching.request_forms import AskForm
from coaching.sent_once import first_sending, sent_once

TOO_MANY = _(
    "We have had a lot of requests from this connection in the last hour, so we "
    "could not send this one. Your words are still here: please try again in an hour."
)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def ask(request):
    """Ask for a coach: a name, a way to reach you, an area. Nothing else."""
    if not Team.objects.exists():
        return render(request, "coaching/ask_closed.html", status=503)
    form = AskForm(posted(request))
    if request.method == "POST":
        if form.is_automated():
            ratelimit.allow(request, scope="ask", limit=settings.ASK_RATE_LIMIT_PER_HOUR)
            return redirect("coaching:ask_thanks")
        if form.is_valid():
            # A second press is not a new send, so it does not count towards the limit.
            if first_sending(request) is not None:
                return redirect("coaching:ask_thanks")
            if not ratelimit.allow(request, scope="ask", limit=settings.ASK_RATE_LIMIT_PER_HOUR):
                return _render_ask(request, form, too_many=True)
            with sent_once(request, result_url=reverse("coaching:ask_thanks")):
                services.coach_request_create(
                    fields=form.request_fields(),
                    team=services.ask_team_for(form.cleaned_data["area"]),
                )
            return redirect("coaching:ask_thanks")
    return _render_ask(request, form)


def _render_ask(request, form, *, too_many=False):
    return render(
        request,
        "coaching/ask.html",
        {"form": form, "too_many": TOO_MANY if too_many else ""},
        status=429 if too_many else 200,
    )


@login_not_required
@require_GET
def ask_thanks(request):
    return render(request, "coaching/ask_thanks.html")


def _statement_context() -> dict:
    return {
        "contact_email": settings.CONTACT_EMAIL,
        "retention_years": settings.RETENTION_YEARS,
        "request_keep_days": settings.COACH_REQUEST_KEEP_DAYS,
    }


@login_not_required
@require_GET
def privacy_notice(request):
    return render(request, "coaching/privacy_notice.html", _statement_context())


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "coaching/accessibility.html", _statement_context())
