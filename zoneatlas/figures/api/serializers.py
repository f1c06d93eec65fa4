from __future__ import annotations

from rest_framework import serializers

from zoneatlas.core.api import ChoiceLabelField
from zoneatlas.figures.choices import Metric
from zoneatlas.figures.models import Observation
from zoneatlas.sources.api.serializers import DocumentRefSerializer


class ObservationSerializer(serializers.ModelSerializer[Observation]):
    """A figure with its unit, period and source: enough to answer "where does this number come from?"."""

    metric_label = ChoiceLabelField(Metric, source="metric")
    source = DocumentRefSerializer(source="document", read_only=True)
    subject = serializers.CharField(source="subject_name", read_only=True)

    class Meta:
        model = Observation
        fields = [
            "id",
            "scope_type",
            "subject",
            "metric",
            "metric_label",
            "status",
            "segment",
            "value",
            "unit",
            "qualifiers",
            "is_target",
            "leased_ha",
            "industrial_land_ha",
            "period_label",
            "period_start",
            "period_end",
            "as_of",
            "review",
            "external_ref",
            "quote",
            "source",
            "note",
        ]
