"""Reflective practice: a coach's reflections, and a team's learning sessions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coaching.access import (
    coach_required,
    get_reflection_for_coach,
    get_reflection_for_manager,
    manager_required,
    posted,
)
from coaching.models import LearningSession, Reflection
from coaching.reflection_forms import LearningSessionForm, ReflectionForm
from coaching.sent_once import sent_once, to_first_sending
from helpers.paging import page_of

PER_PAGE = 30


@coach_required
def coach_list(request):
    """The coach's own reflections, and their team's learning sessions. The list shows
    no words of a reflection that names someone: opening it is what is logged."""
    reflections = Reflection.objects.for_coach(request.user)
    return render(
        request,
        "coaching/reflections.html",
        {
            "page": page_of(reflections, request.GET.get("page"), PER_PAGE),
            "sessions": LearningSession.objects.filter(team_id=request.user.team_id)[:10],
        },
    )


@coach_required
@require_http_methods(["GET", "POST"])
def reflection_new(request):
    form = ReflectionForm(posted(request), coach=request.user)
    if request.method == "POST" and form.is_valid():
        with sent_once(request) as sending:
            reflection = form.save()
            sending.result_url = reverse("coaching:reflection", args=[reflection.pk])
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, "Reflection saved.")
        return redirect(sending.result_url)
    return render(request, "coaching/reflection_form.html", {"form": form})


@coach_required
def reflection(request, reflection_id):
    reflection = get_reflection_for_coach(request, reflection_id)
    return render(request, "coaching/reflection.html", {"reflection": reflection})


@coach_required
@require_POST
def reflection_sharing(request, reflection_id):
    """Share a reflection with the team's manager, or stop: the same answer however
    often it is sent."""
    reflection = get_reflection_for_coach(request, reflection_id, log=False)
    if request.POST.get("share") not in ("yes", "no"):
        messages.error(request, "Nothing changed. Please use one of the buttons.")
        return redirect("coaching:reflection", reflection.pk)
    share = request.POST["share"] == "yes"
    Reflection.objects.filter(pk=reflection.pk).update(shared_with_manager=share)
    messages.success(
        request,
        "Your manager can now read this reflection."
        if share
        else "This reflection is now for you alone.",
    )
    return redirect("coaching:reflection", reflection.pk)


@manager_required
def team_learning(request):
    """Reflections coaches shared with this manager, and the team learning sessions."""
    reflections = Reflection.objects.for_manager(request.user).select_related("coach")
    sessions = LearningSession.objects.select_related("team", "recorded_by")
    if request.user.team_id is not None:
        sessions = sessions.filter(team_id=request.user.team_id)
    return render(
        request,
        "coaching/team_learning.html",
        {
            "page": page_of(reflections, request.GET.get("page"), PER_PAGE),
            "sessions": sessions[:20],
        },
    )


@manager_required
def shared_reflection(request, reflection_id):
    reflection = get_reflection_for_manager(request, reflection_id)
    return render(
        request, "coaching/reflection.html", {"reflection": reflection, "for_manager": True}
    )


@manager_required
@require_http_methods(["GET", "POST"])
def learning_session_new(request):
    form = LearningSessionForm(posted(request), manager=request.user)
    if request.method == "POST" and form.is_valid():
        with sent_once(request, result_url=reverse("coaching:team_learning")) as sending:
            form.save()
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, "Learning session saved.")
        return redirect("coaching:team_learning")
    return render(request, "coaching/learning_session_form.html", {"form": form})
