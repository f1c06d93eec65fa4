"""The obstacle and steering pages: overdue obstacles per province and agency, an obstacle and its follow-up, the
meetings and their decisions, and the forms that record them.

Thin views: each reads the request, asks ``zoneatlas.steering.access`` and calls ``zoneatlas.steering.services``.
What the user may not read answers 404; what they read but may not change, 403 (a visitor is asked to log in).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zoneatlas.accounts.access import access_for
from zoneatlas.geo.models import AdminUnit
from zoneatlas.portal.views import is_htmx_fragment, refuse
from zoneatlas.steering.access import (
    can_manage_obstacle,
    can_record_meeting,
    manageable_zone_ids,
    visible_meetings,
)
from zoneatlas.steering.filters import ObstacleFilterSet, SteeringMeetingFilterSet
from zoneatlas.steering.forms import DecisionForm, MeetingForm, ObstacleForm, ObstacleUpdateForm
from zoneatlas.steering.models import Agency, Decision, Obstacle, ObstacleUpdate, SteeringMeeting
from zoneatlas.steering.services import (
    overdue_groups,
    record_decision,
    record_meeting,
    record_obstacle,
    update_obstacle,
)

PAGE_SIZE = 100


def _form_errors(form: Any, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


@require_GET
def obstacle_list(request: HttpRequest) -> HttpResponse:
    """Obstacles the user reads, overdue ones by default, with counts per province and per agency."""
    data = request.GET.copy() if request.GET else QueryDict(mutable=True)
    if "overdue" not in data:
        data["overdue"] = "true"
    obstacles = Obstacle.objects.visible_to(request.user).with_related().defer("source_document__text")
    filterset = ObstacleFilterSet(data, queryset=obstacles.order_by("deadline", "zone__code", "pk"))
    status = 200 if filterset.is_valid() else 400
    rows = list(filterset.qs) if status == 200 else []
    day = filterset.day
    for obstacle in rows:
        obstacle.days_overdue_on = obstacle.days_overdue(day)
    by_province, by_agency = overdue_groups(rows, day)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    agency = filterset.form.cleaned_data.get("agency") if status == 200 else None
    context = {
        "filterset": filterset,
        "page": page,
        "day": day,
        "by_province": by_province,
        "by_agency": by_agency,
        "agency": Agency.objects.filter(pk=agency).first() if agency else None,
        "can_record": access_for(request.user).edits_everything or bool(access_for(request.user).edit_scopes),
    }
    template = "steering/obstacle_list.html" + ("#results" if is_htmx_fragment(request) else "")
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _visible_obstacle(request: HttpRequest, pk: int) -> Obstacle:
    return get_object_or_404(Obstacle.objects.visible_to(request.user).with_related(), pk=pk)


@require_GET
def obstacle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = _visible_obstacle(request, pk)
    day = timezone.localdate()
    updates = ObstacleUpdate.objects.filter(obstacle=obstacle).select_related(
        "agency", "decision__meeting", "recorded_by"
    )
    context = {
        "obstacle": obstacle,
        "day": day,
        "days_overdue": obstacle.days_overdue(day),
        "updates": updates,
        "tasks": obstacle.tasks.select_related("agency", "decision__meeting__source_document").defer(
            "decision__meeting__source_document__text"
        ),
        "sees_internal": access_for(request.user).sees_internal,
        "can_manage": can_manage_obstacle(request.user, obstacle),
        "form": ObstacleUpdateForm(initial={"on_date": day}),
    }
    return render(request, "steering/obstacle_detail.html", context)


@require_http_methods(["GET", "POST"])
def obstacle_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    zones = manageable_zone_ids(request.user)
    if not zones.exists():
        return refuse(request, _("Your access does not include recording obstacles."))
    form = ObstacleForm(request.POST or None, zones=zones, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        obstacle = form.save(commit=False)
        try:
            record_obstacle(obstacle, user=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("steering:obstacle", pk=obstacle.pk)
    return render(request, "steering/obstacle_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def obstacle_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a follow-up step of an obstacle (status, deadline, escalation, agency) with what was done."""
    obstacle = _visible_obstacle(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_manage_obstacle(request.user, obstacle):
        return refuse(request, _("Your access does not include changing this obstacle."))
    form = ObstacleUpdateForm(request.POST or None, initial={"on_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            update_obstacle(obstacle, user=request.user, **form.changes())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("steering:obstacle", pk=obstacle.pk)
    context = {"obstacle": obstacle, "form": form}
    return render(request, "steering/obstacle_update.html", context, status=400 if form.errors else 200)


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = visible_meetings(request.user, SteeringMeeting.objects.select_related("province"))
    filterset = SteeringMeetingFilterSet(request.GET, queryset=meetings.order_by("-held_on", "pk"))
    status = 200 if filterset.is_valid() else 400
    context = {
        "filterset": filterset,
        "meetings": list(filterset.qs.defer("minutes")) if status == 200 else [],
        "is_public": access_for(request.user).is_public,
        "can_record": _recordable_provinces(request).exists() if request.user.is_authenticated else False,
    }
    return render(request, "steering/meeting_list.html", context, status=status)


def _visible_meeting(request: HttpRequest, pk: int) -> SteeringMeeting:
    meetings = visible_meetings(request.user, SteeringMeeting.objects.select_related("province", "source_document"))
    return get_object_or_404(meetings, pk=pk)


def _decision_form(meeting: SteeringMeeting, data: Any = None) -> DecisionForm:
    obstacles = Obstacle.objects.filter(zone__province=meeting.province).select_related("zone").order_by("zone__code")
    return DecisionForm(data, obstacles=obstacles)


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    decisions = Decision.objects.filter(meeting=meeting).prefetch_related(
        Prefetch("tasks", queryset=meeting_tasks()),
        Prefetch("obstacle_updates", queryset=ObstacleUpdate.objects.select_related("obstacle__zone")),
    )
    can_record = can_record_meeting(request.user, meeting.province_id)
    context = {
        "meeting": meeting,
        "decisions": decisions,
        "can_record": can_record,
        "form": _decision_form(meeting) if can_record else None,
    }
    return render(request, "steering/meeting_detail.html", context)


def meeting_tasks() -> Any:
    from zoneatlas.steering.models import FollowUpTask

    return FollowUpTask.objects.select_related("agency", "obstacle__zone")


def _recordable_provinces(request: HttpRequest) -> Any:
    access = access_for(request.user)
    provinces = AdminUnit.objects.current().provinces()
    if access.edits_everything:
        return provinces
    return provinces.filter(pk__in={province_id for province_id, _kind in access.edit_scopes})


@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    provinces = _recordable_provinces(request)
    if not provinces.exists():
        return refuse(request, _("Your access does not include recording steering meetings."))
    form = MeetingForm(request.POST or None, request.FILES or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = record_meeting(form.save(commit=False))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("steering:meeting", pk=meeting.pk)
    return render(request, "steering/meeting_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision of the meeting; an HTMX post gets the decisions and a fresh form back."""
    meeting = _visible_meeting(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_record_meeting(request.user, meeting.province_id):
        return refuse(request, _("Your access does not include recording this meeting's decisions."))
    form = _decision_form(meeting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_decision(
                meeting,
                text=form.cleaned_data["text"],
                user=request.user,
                obstacle_changes=form.obstacle_changes(),
                tasks=form.tasks(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if not is_htmx_fragment(request):
                return redirect("steering:meeting", pk=meeting.pk)
            form = _decision_form(meeting)
    decisions = Decision.objects.filter(meeting=meeting).prefetch_related(
        Prefetch("tasks", queryset=meeting_tasks()),
        Prefetch("obstacle_updates", queryset=ObstacleUpdate.objects.select_related("obstacle__zone")),
    )
    context = {"meeting": meeting, "decisions": decisions, "can_record": True, "form": form}
    template = "steering/meeting_detail.html" + ("#decisions" if is_htmx_fragment(request) else "")
    response = render(request, template, context, status=400 if form.errors else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response
