"""Who must report what for a period, derived from the registry as it stood on the period's cut-off date.

Form 01: every tenant project whose status on the cut-off date is one the form lists (operating), in a zone
whose status then is one the form lists (established or later); form 02 and the parks' report: each such
zone's developer; form 03: each commune holding such zones; form 04: each province. Statuses on a day are
replayed from the dated lifecycle and project histories, not read from today's status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from simple_history.utils import bulk_create_with_history

from zoneatlas.reporting.choices import ReporterType
from zoneatlas.reporting.models import ExpectedReport, ReportForm
from zoneatlas.reporting.periods import Period, PeriodError, due_date, period, period_type_of
from zoneatlas.tenants.models import Project, ProjectStatusEvent
from zoneatlas.zones.models import LifecycleEvent, Zone


@dataclass
class ExpectOutcome:
    """What ``expect`` did for one period."""

    period_label: str
    created: int = 0
    unchanged: int = 0
    removed: int = 0
    by_form: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def format(self) -> str:
        forms = ", ".join(f"{code}: {count}" for code, count in sorted(self.by_form.items()))
        lines = [
            f"{self.period_label}: {self.created} expected reports created, {self.unchanged} unchanged, "
            f"{self.removed} removed ({forms or 'no form reports this period'})"
        ]
        return "\n".join([*lines, *self.notes])


def version_for(code: str, label: str) -> tuple[ReportForm, Period] | None:
    """The version of a form in force on the period's cut-off date, with the period; None if none is."""
    for form in ReportForm.objects.filter(code=code).order_by("-version"):
        if period_type_of(label) not in form.period_types:
            continue
        each = period(form, label)
        if form.effective_from <= each.end and (form.effective_to is None or each.end <= form.effective_to):
            return form, each
    return None


def zones_on(form: ReportForm, each: Period) -> QuerySet[Zone]:
    """The live zones of the form's kind whose lifecycle status on the cut-off date is one the form lists."""
    status_then = (
        LifecycleEvent.objects.filter(zone=OuterRef("pk"), effective_on__lte=each.end)
        .order_by("-effective_on", "-id")
        .values("status")[:1]
    )
    return (
        Zone.objects.alive()
        .filter(kind=form.zone_kind)
        .annotate(status_then=Subquery(status_then))
        .filter(status_then__in=form.expected.get("zone_statuses", []))
    )


def projects_on(form: ReportForm, each: Period, zones: QuerySet[Zone]) -> QuerySet[Project]:
    status_then = (
        ProjectStatusEvent.objects.filter(project=OuterRef("pk"), effective_on__lte=each.end)
        .order_by("-effective_on", "-id")
        .values("status")[:1]
    )
    return (
        Project.objects.filter(zone__in=zones.values("pk"))
        .annotate(status_then=Subquery(status_then))
        .filter(status_then__in=form.expected.get("project_statuses", []))
        .select_related("zone")
    )


def subjects(form: ReportForm, each: Period, outcome: ExpectOutcome | None = None) -> dict[str, dict[str, Any]]:
    """The expected reports' subjects: subject key → the fields of its ExpectedReport."""
    zones = zones_on(form, each).select_related("commune")
    reporter = form.reporter_type
    found: dict[str, dict[str, Any]] = {}
    if reporter == ReporterType.TENANT_PROJECT:
        for project in projects_on(form, each, zones):
            found[f"project:{project.pk}"] = {
                "project": project,
                "zone": project.zone,
                "province_id": project.zone.province_id,
            }
    elif reporter == ReporterType.ZONE_DEVELOPER:
        for zone in zones:
            found[f"zone:{zone.pk}"] = {"zone": zone, "province_id": zone.province_id}
    elif reporter == ReporterType.COMMUNE:
        unplaced = []
        for zone in zones:
            if zone.commune_id is None:
                unplaced.append(zone.code)
                continue
            found[f"unit:{zone.commune_id}"] = {"admin_unit_id": zone.commune_id, "province_id": zone.province_id}
        if unplaced and outcome is not None:
            outcome.notes.append(
                f"{form.code}: {len(unplaced)} zones have no commune in the registry, so no commune is asked to "
                f"report on them: {', '.join(sorted(unplaced))}"
            )
    else:
        for zone in zones:
            found[f"unit:{zone.province_id}"] = {"admin_unit_id": zone.province_id, "province_id": zone.province_id}
    return found


@transaction.atomic
def expect(label: str, codes: Iterable[str] | None = None) -> ExpectOutcome:
    """Create the expected reports of a period (all forms, or those named), idempotently.

    A report no longer expected (the registry was corrected) is removed if nothing was filed for it, and kept
    with a note otherwise.
    """
    period_type_of(label)  # refuses a malformed label before anything else
    outcome = ExpectOutcome(label)
    all_codes = sorted(set(ReportForm.objects.values_list("code", flat=True)))
    wanted = list(codes) if codes is not None else all_codes
    for code in wanted:
        if code not in all_codes:
            raise PeriodError(f"no report form has the code “{code}”")
        found = version_for(code, label)
        if found is None:
            continue
        form, each = found
        desired = subjects(form, each, outcome)
        existing = {row.subject_key: row for row in ExpectedReport.objects.filter(form=form, period_label=label)}
        due = due_date(form, each)
        new = [
            ExpectedReport(
                form=form,
                period_type=each.type,
                period_label=label,
                period_start=each.start,
                period_end=each.end,
                due_on=due,
                subject_key=key,
                **fields,
            )
            for key, fields in desired.items()
            if key not in existing
        ]
        bulk_create_with_history(new, ExpectedReport, batch_size=1000)
        outcome.created += len(new)
        outcome.unchanged += len(set(existing) & set(desired))
        for key, row in existing.items():
            if key in desired:
                continue
            if hasattr(row, "submission"):
                outcome.notes.append(f"{row}: no longer expected by the registry, kept because a report was filed")
            else:
                row.delete()
                outcome.removed += 1
        outcome.by_form[code] = len(desired)
    return outcome
