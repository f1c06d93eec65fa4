"""Current values: a subject's latest published (accepted, not internal), actual (non-target) figure of a metric.

Current values show in lists, maps and roll-ups that everyone reads, so they come from published figures only;
internal and draft figures stay on the zone's record for those allowed to read them.
"""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from zoneatlas.figures.choices import Metric
from zoneatlas.figures.models import Observation


def current_figures(metric: str) -> QuerySet[Observation]:
    """Published actual figures of one metric about zones, best first per zone (see ``latest_first``).

    Each comes with its source, without the source's text: lists cite a document by title and date, and a
    document's text (a whole report or decision) would otherwise be read once per figure.
    """
    return (
        Observation.objects.published()
        .actual()
        .of_metric(metric)
        .filter(zone__isnull=False, value__isnull=False)
        .select_related("document")
        .defer("document__text")
        .latest_first()
    )


def latest_zone_figure(metric: str, field: str = "value") -> Subquery:
    """A subquery giving, for each zone row of the outer query, a field of its current figure of ``metric``."""
    return Subquery(current_figures(metric).filter(zone=OuterRef("pk")).values(field)[:1])


def current_zone_figures(metric: str) -> QuerySet[Observation]:
    """Each zone's current figure of ``metric`` alone: the figures that are the best of their zone.

    Reads one figure per zone however many years of figures it has. Written as a correlated subquery on the
    ``(zone, metric, review, -as_of)`` index rather than a sliced prefetch (``[:1]``), whose window function costs
    Django about twice the Python time to build (docs/benchmarks.md).
    """
    best = current_figures(metric).filter(zone=OuterRef("zone")).values("pk")[:1]
    return current_figures(metric).filter(pk=Subquery(best))


def prefetch_current_occupancy() -> Prefetch:
    """Prefetch each zone's current occupancy figure in one query: ``zone.occupancy_figures`` is ``[figure]`` or []."""
    return Prefetch("observations", queryset=current_zone_figures(Metric.OCCUPANCY), to_attr="occupancy_figures")
