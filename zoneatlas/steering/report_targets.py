"""The targets section of the province report, read from ``zoneatlas.planning.targets`` (progress and forecast).

Kept apart from ``report`` so that the report still builds (with a placeholder section) where the targets module
is absent: ``report._targets`` imports this module only when ``zoneatlas.planning.targets`` exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.models import Target
from zoneatlas.planning.targets import progress_all
from zoneatlas.steering.report import Section, Table, _document_title, _yes_no


def targets_section(province: AdminUnit, on: dt.date, user: Any, title: str) -> Section:
    targets = Target.objects.visible_to(user).in_province(province).order_by("deadline", "pk")
    table = Table(
        key="targets",
        title=_("Targets, progress and forecast"),
        columns=[
            _("Target"),
            _("Goal"),
            _("Deadline"),
            _("Latest value"),
            _("On"),
            _("Forecast for the deadline"),
            _("Status"),
            _("Reason"),
            _("Source"),
            _("Quote"),
            _("Synthetic"),
        ],
        note=_(
            "Progress is computed from the data (approved reports for officials, published figures and records "
            "otherwise); the forecast extends the trend to the deadline, as the target's page explains."
        ),
    )
    for progress in progress_all(targets, on, user):
        target, assessment = progress.target, progress.assessment
        latest, forecast = assessment.latest, assessment.forecast
        table.rows.append(
            [
                target.name,
                progress.goal_text,
                target.deadline,
                latest.value if latest else None,
                latest.on if latest else None,
                forecast.value if forecast else None,
                assessment.status_label,
                assessment.reason,
                _document_title(target.document),
                target.quote,
                _yes_no(progress.synthetic),
            ]
        )
    return Section(key="targets", title=title, tables=[table])
