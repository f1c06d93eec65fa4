"""Current values: a subject's latest published (accepted, not internal), actual (non-target) figure of a metric.

Current values show in lists, maps and roll-ups that everyone reads, so they come from published figures only;
internal and draft figures stay on the zone's record for those allowed to read them.
"""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from zoneatlas.figures.choices import Metric
from zoneatlas.figures.models import Observation


def current_figures(metric: str) -> QuerySet[Observation]:
    """Published actual figures of one metric about zones, best first per zone (see ``latest_first``)."""
    return (
        Observation.objects.published()
        .actual()
        .of_metric(metric)
        .filter(zone__isnull=False, value__isnull=False)
        .select_related("document")
        .latest_first()
    )


def latest_zone_figure(metric: str, field: str = "value") -> Subquery:
    """A subquery giving, for each zone row of the outer query, a field of its current figure of ``metric``."""
    return Subquery(current_figures(metric).filter(zone=OuterRef("pk")).values(field)[:1])


def prefetch_current_occupancy() -> Prefetch:
    """Prefetch each zone's occupancy figures, best first, in one query: ``zone.occupancy_figures[0]``."""
    return Prefetch("observations", queryset=current_figures(Metric.OCCUPANCY), to_attr="occupancy_figures")
