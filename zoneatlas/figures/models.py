"""Figures with provenance: every number ZoneAtlas holds says what, about whom, when, in which unit, and from where."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.core.models import TimeStampedModel
from zoneatlas.figures.choices import Metric, Qualifier, Review, ScopeType, Unit


class ObservationQuerySet(models.QuerySet["Observation"]):
    def accepted(self) -> ObservationQuerySet:
        return self.filter(review=Review.ACCEPTED)

    def published(self) -> ObservationQuerySet:
        """What the public may read: accepted figures the province has not marked internal."""
        return self.filter(review=Review.ACCEPTED, is_internal=False)

    def of_metric(self, metric: str) -> ObservationQuerySet:
        return self.filter(metric=metric)

    def actual(self) -> ObservationQuerySet:
        """Figures that state what is, not what is aimed at."""
        return self.filter(is_target=False)

    def latest_first(self) -> ObservationQuerySet:
        """Newest first; on the same day an exact figure wins over an approximate one ("86.87 %" over "nearly 87 %")."""
        return self.order_by("-as_of", "is_approximate", "-id")


class Observation(TimeStampedModel):
    """A dated figure about a zone, a group of zones, an administrative unit or the nation.

    The value is kept as the source states it (amount, currency or unit, qualifier such as "about" or
    "target") for a period, with the document and the passage that state it. Occupancy keeps its two
    parts where known (leased industrial land ÷ industrial land), since roll-ups over zones are
    area-weighted. A zone's current value of a metric is its latest accepted, non-target observation;
    older observations stay as history.
    """

    scope_type = models.CharField(_("about"), max_length=12, choices=ScopeType.choices)
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="observations",
    )
    zone_group = models.ForeignKey(
        "zones.ZoneGroup",
        verbose_name=_("zone group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="observations",
    )
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
    )
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    status = models.CharField(
        _("status qualifier"), max_length=100, blank=True, help_text=_("e.g. planned, operating, added_to_plan")
    )
    segment = models.CharField(
        _("segment"), max_length=100, blank=True, help_text=_("Breakdown, e.g. fdi, domestic, central_budget")
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, blank=True)
    qualifiers = models.JSONField(_("qualifiers"), default=list, blank=True)
    is_target = models.BooleanField(_("target"), default=False, editable=False)
    is_approximate = models.BooleanField(
        _("approximate"), default=False, editable=False, help_text=_("Stated as 'about', 'nearly', 'over'...")
    )
    leased_ha = models.DecimalField(
        _("leased industrial land (ha)"),
        max_digits=24,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Numerator of occupancy."),
    )
    industrial_land_ha = models.DecimalField(
        _("industrial land (ha)"),
        max_digits=24,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Denominator of occupancy."),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    period_label = models.CharField(_("period"), max_length=30, blank=True, help_text=_("e.g. 2024, 2021..2030"))
    as_of = models.DateField(_("as of"), help_text=_("The day the figure describes (end of its period)."))
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), on_delete=models.PROTECT, related_name="observations"
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    external_ref = models.CharField(
        _("reference"), max_length=40, blank=True, db_index=True, help_text=_("e.g. a fact id of an annotated source")
    )
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, default=Review.ACCEPTED)
    is_internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Marked internal by the province: never shown to the public.")
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["-as_of", "-id"]
        indexes = [
            models.Index(fields=["zone", "metric", "review", "-as_of"]),
            models.Index(fields=["admin_unit", "metric"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope_type="zone", zone__isnull=False)
                    | models.Q(scope_type="zone_group", zone_group__isnull=False)
                    | models.Q(scope_type="admin_unit", admin_unit__isnull=False)
                    | models.Q(scope_type="nation")
                ),
                name="figures_observation_scope_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.get_metric_display()} {self.display_value}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive_flags()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def derive_flags(self) -> None:
        """Set the flags kept for filtering from the qualifiers; call it before a bulk_create, which skips save()."""
        qualifiers = set(self.qualifiers or [])
        self.is_target = Qualifier.TARGET in qualifiers
        self.is_approximate = bool({Qualifier.APPROX, Qualifier.AT_LEAST, Qualifier.ESTIMATE} & qualifiers)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.value is not None and not self.unit:
            errors["unit"] = str(_("A number needs its unit."))
        if self.value is None and Qualifier.QUALITATIVE not in (self.qualifiers or []):
            errors["value"] = str(_("Give a value, or mark the figure qualitative."))
        if self.unit == Unit.PERCENT and self.value is not None and not Decimal(0) <= self.value <= Decimal(100):
            errors["value"] = str(_("A percentage must lie between 0 and 100."))
        if (
            self.leased_ha is not None
            and self.industrial_land_ha is not None
            and self.leased_ha > self.industrial_land_ha
        ):
            errors["leased_ha"] = str(_("Leased land cannot exceed industrial land."))
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = str(_("The period ends before it starts."))
        if errors:
            raise ValidationError(errors)

    @property
    def subject_name(self) -> str:
        subject = self.zone or self.zone_group or self.admin_unit
        return str(subject) if subject else str(_("Vietnam"))

    @property
    def display_value(self) -> str:
        if self.value is None:
            return str(_("(qualitative)"))
        return f"{self.value.normalize():f} {self.unit}".strip()

    @property
    def occupancy_parts_known(self) -> bool:
        return self.leased_ha is not None and self.industrial_land_ha is not None

    @property
    def covers(self) -> tuple[dt.date | None, dt.date | None]:
        return (self.period_start, self.period_end)
