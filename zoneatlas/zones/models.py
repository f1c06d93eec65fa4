"""The zone registry: parks, clusters and economic zones, their lifecycle, plans and infrastructure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.core.models import TimeStampedModel
from zoneatlas.zones.choices import (
    DeveloperType,
    InfrastructureComponent,
    InfrastructureStatus,
    LocationPrecision,
    MarkableField,
    PlanLevel,
    WastewaterPlantStatus,
    ZoneKind,
    ZoneStatus,
)
from zoneatlas.zones.geometry import boundary_area_ha

if TYPE_CHECKING:
    from zoneatlas.geo.models import AdminUnit

PCT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ZoneQuerySet(models.QuerySet["Zone"]):
    def parks(self) -> ZoneQuerySet:
        return self.filter(kind=ZoneKind.PARK)

    def clusters(self) -> ZoneQuerySet:
        return self.filter(kind=ZoneKind.CLUSTER)

    def in_province(self, province: AdminUnit | str) -> ZoneQuerySet:
        code = province if isinstance(province, str) else province.code
        return self.filter(province__code=code)

    def with_status(self, *statuses: str) -> ZoneQuerySet:
        return self.filter(status__in=statuses)

    def alive(self) -> ZoneQuerySet:
        """Zones not deleted (a deletion is soft and can be undone)."""
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user: Any) -> ZoneQuerySet:
        """The live zones the user may read, with what they may not read of them withheld (the rule lives in
        ``zoneatlas.accounts.access``)."""
        from zoneatlas.accounts.access import visible_zones  # accounts sits above zones

        return visible_zones(user, self.alive())  # type: ignore[return-value]

    def with_field_policy(self, withheld: dict[str, models.Q]) -> ZoneQuerySet:
        """Withhold each markable field from the zones its condition selects (``zones.field_policies``)."""
        from zoneatlas.zones.field_policies import WithholdingIterable, flag

        if not withheld:
            return self
        flags = {
            flag(field): models.ExpressionWrapper(condition, output_field=models.BooleanField())
            for field, condition in withheld.items()
        }
        queryset = self.annotate(**flags)
        queryset._iterable_class = WithholdingIterable
        return queryset

    def _fetch_all(self) -> None:
        from zoneatlas.zones.field_policies import WithholdingIterable, drop_withheld_figures

        fetched = self._result_cache is not None
        super()._fetch_all()
        if not fetched and self._iterable_class is WithholdingIterable:
            for zone in self._result_cache or ():
                drop_withheld_figures(zone)


class Zone(TimeStampedModel):
    """An industrial park (KCN), industrial cluster (CCN) or economic zone (KKT).

    The zone is placed twice: in today's units (province and commune since 1 July 2025) and in the
    unit its source reported it under, which may be a pre-2025 district or province. Its status is
    the latest entry of its lifecycle history; its figures (occupancy, investors, capital...) are
    observations with sources, never bare numbers on this model. The areas here are the registry's
    reference areas, each one an official figure of the zone's approved plan.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("Stable public code, e.g. CCN-25-0001."))
    kind = models.CharField(_("kind"), max_length=14, choices=ZoneKind.choices)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("economic zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": ZoneKind.ECONOMIC_ZONE},
        help_text=_("The economic zone a park lies in."),
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ZoneStatus.choices,
        default=ZoneStatus.PLANNED,
        editable=False,
        help_text=_("The latest status of the lifecycle history; change it by recording a lifecycle event."),
    )
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)

    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province (today)"),
        on_delete=models.PROTECT,
        related_name="zones",
        limit_choices_to={"era": "current", "level": "province"},
    )
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune (today)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commune_zones",
        limit_choices_to={"era": "current", "level": "commune"},
    )
    reported_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit as reported"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_zones",
        help_text=_("The unit the source placed the zone in, possibly a pre-2025 district or province."),
    )
    reported_unit_text = models.CharField(
        _("unit as written"), max_length=200, blank=True, help_text=_("Exactly as the source wrote it.")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_precision = models.CharField(
        _("location precision"), max_length=10, choices=LocationPrecision.choices, default=LocationPrecision.EXACT
    )
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    boundary_area_ha = models.DecimalField(
        _("boundary area (ha)"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Computed from the boundary."),
    )
    gross_area_ha = models.DecimalField(_("gross area (ha)"), max_digits=12, decimal_places=4, null=True, blank=True)
    industrial_land_ha = models.DecimalField(
        _("industrial land (ha)"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Industrial land of the approved detailed plan: the denominator of occupancy."),
    )
    developer_name = models.CharField(_("infrastructure developer"), max_length=200, blank=True)
    developer_type = models.CharField(
        _("developer type"), max_length=14, choices=DeveloperType.choices, default=DeveloperType.UNKNOWN
    )
    is_craft_village = models.BooleanField(_("craft-village cluster"), default=False)
    is_specialised = models.BooleanField(_("specialised"), default=False)
    is_high_tech = models.BooleanField(_("high-tech"), default=False)
    is_eco = models.BooleanField(_("eco-industrial"), default=False)
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("An illustrative record made up for demonstration, not a real zone.")
    )
    notes = models.TextField(_("notes"), blank=True)
    # Internal fields: officials and the zone's developer read them; the public never does (accounts.access).
    contact_person = models.CharField(
        _("contact person (internal)"), max_length=200, blank=True, help_text=_("Never shown to the public.")
    )
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown to the public."))
    deleted_at = models.DateTimeField(
        _("deleted at"), null=True, blank=True, editable=False, help_text=_("Deleted zones can be restored.")
    )

    history = HistoricalRecords()
    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["province", "kind", "status"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.latitude is not None and self.longitude is not None:
            bbox = cast(tuple[float, float, float, float], settings.ZONEATLAS["VIETNAM_BBOX"])
            west, south, east, north = (Decimal(str(edge)) for edge in bbox)
            if not (south <= self.latitude <= north and west <= self.longitude <= east):
                raise ValidationError({"latitude": _("The point lies outside Vietnam.")})
        if self.parent_id and self.kind != ZoneKind.PARK:
            raise ValidationError({"parent": _("Only an industrial park can lie in an economic zone.")})
        if (
            self.gross_area_ha is not None
            and self.industrial_land_ha is not None
            and self.industrial_land_ha > self.gross_area_ha
        ):
            raise ValidationError({"industrial_land_ha": _("Industrial land cannot exceed the gross area.")})

    # The markable fields withheld from the reader this instance was read for (``zones.field_policies``): their
    # values were blanked in memory, so such an instance must never be saved.
    hidden_fields: frozenset[str] = frozenset()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.hidden_fields:
            raise RuntimeError(f"{self.code} was read with fields withheld ({', '.join(sorted(self.hidden_fields))})")
        self.boundary_area_ha = boundary_area_ha(self.boundary) if self.boundary else None
        super().save(*args, **kwargs)

    @property
    def status_colour(self) -> str:
        return ZoneStatus(self.status).colour


class ZoneGroup(TimeStampedModel):
    """A set of zones a source reports on together, e.g. "the industrial clusters of Lac Thuy district".

    Sources often publish totals for a group without naming its members; the group keeps the unit the
    figure was reported for and, where known, which zones it covers.
    """

    name = models.CharField(_("name"), max_length=300)
    kinds = models.JSONField(_("kinds of zone"), default=list, help_text=_("park, cluster, economic_zone"))
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province (today)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zone_groups",
    )
    reported_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit as reported"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_zone_groups",
    )
    reported_unit_text = models.CharField(_("unit as written"), max_length=300, blank=True)
    members = models.ManyToManyField(Zone, verbose_name=_("zones"), blank=True, related_name="groups")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("zone group")
        verbose_name_plural = _("zone groups")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "province"], name="zones_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class LifecycleEvent(TimeStampedModel):
    """A dated status of a zone with the decision behind it (number, date, issuer)."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="lifecycle")
    status = models.CharField(_("status"), max_length=30, choices=ZoneStatus.choices)
    effective_on = models.DateField(_("effective on"))
    date_is_approximate = models.BooleanField(
        _("approximate date"), default=False, help_text=_("The source gives the period, not the day.")
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lifecycle event")
        verbose_name_plural = _("lifecycle events")
        ordering = ["zone", "effective_on", "id"]
        indexes = [models.Index(fields=["zone", "-effective_on"])]

    def __str__(self) -> str:
        return f"{self.zone}: {self.get_status_display()} ({self.effective_on:%d/%m/%Y})"


class Plan(TimeStampedModel):
    """A planning document that lists zones: the provincial master plan, a cluster development plan..."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=PlanLevel.choices, default=PlanLevel.PROVINCIAL)
    province = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    period_end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    vision_year = models.PositiveSmallIntegerField(_("vision to"), null=True, blank=True)
    approved_by = models.CharField(_("approved by (decision)"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name_en or self.name


class PlanEntry(TimeStampedModel):
    """A zone's place in a plan: its planned area, and when it was added to or removed from the plan."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="plan_entries")
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="entries")
    planned_area_ha = models.DecimalField(
        _("planned area (ha)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    added_on = models.DateField(_("added on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    is_proposed = models.BooleanField(
        _("proposed"), default=False, help_text=_("Proposed for addition; the plan has not been amended yet.")
    )
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(_("quoted passage"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        constraints = [models.UniqueConstraint(fields=["zone", "plan"], name="zones_planentry_unique")]

    def __str__(self) -> str:
        return f"{self.zone} in {self.plan}"

    def clean(self) -> None:
        if self.added_on and self.removed_on and self.removed_on < self.added_on:
            raise ValidationError({"removed_on": _("A zone cannot leave a plan before it entered it.")})


class InfrastructureItem(TimeStampedModel):
    """The state of one shared infrastructure component of a zone on a date, with its progress."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="infrastructure")
    component = models.CharField(_("component"), max_length=40, choices=InfrastructureComponent.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=InfrastructureStatus.choices, default=InfrastructureStatus.NOT_STARTED
    )
    progress_pct = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, default=Decimal(0), validators=PCT_VALIDATORS
    )
    as_of = models.DateField(_("as of"))
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(_("quoted passage"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("infrastructure component")
        verbose_name_plural = _("infrastructure checklist")
        ordering = ["zone", "component", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "component", "as_of"], name="zones_infra_unique_day"),
            models.CheckConstraint(
                condition=models.Q(progress_pct__gte=0, progress_pct__lte=100), name="zones_infra_progress_pct"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone}: {self.get_component_display()} {self.progress_pct} %"


class WastewaterPlant(TimeStampedModel):
    """The state of a zone's central wastewater treatment plant (WWTP) on a date."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="wwtp_reports")
    as_of = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=20, choices=WastewaterPlantStatus.choices)
    capacity_m3_per_day = models.DecimalField(
        _("capacity (m³/day)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    meets_standard = models.BooleanField(
        _("meets the national standard"), null=True, blank=True, help_text=_("Unknown when left empty.")
    )
    standard = models.CharField(_("standard"), max_length=60, blank=True, help_text=_("e.g. QCVN 40:2011/BTNMT"))
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(_("quoted passage"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wastewater treatment plant report")
        verbose_name_plural = _("wastewater treatment plant reports")
        ordering = ["zone", "-as_of"]
        get_latest_by = "as_of"

    def __str__(self) -> str:
        return f"{self.zone}: {self.get_status_display()} ({self.as_of:%d/%m/%Y})"

    @property
    def is_built(self) -> bool:
        return WastewaterPlantStatus(self.status).is_built


def latest_by_day(items: list[Any], day: dt.date | None = None, attr: str = "as_of") -> Any | None:
    """The latest item on or before ``day`` (today's latest when no day is given)."""
    dated = [item for item in items if day is None or getattr(item, attr) <= day]
    return max(dated, key=lambda item: (getattr(item, attr), item.pk or 0), default=None)


class InternalZoneField(TimeStampedModel):
    """A published field that a province keeps internal for its zones, e.g. the developer until it is confirmed.

    The public (anonymous visitors and users without an active grant) does not receive the field of the province's
    zones in any page, API answer, export, map or filter; officials and developers who read the zone's internal data
    still do. Only the fields of ``MarkableField`` can be marked. Who sees what is decided in
    ``zoneatlas.accounts.access``; this row is the province's choice, with its history (who marked it and why).
    """

    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="internal_zone_fields",
        limit_choices_to={"era": "current", "level": "province"},
    )
    field = models.CharField(_("field"), max_length=30, choices=MarkableField.choices)
    reason = models.CharField(
        _("reason"), max_length=300, blank=True, help_text=_("Why the province keeps it internal, e.g. not confirmed.")
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal zone field")
        verbose_name_plural = _("internal zone fields")
        ordering = ["province__code", "field"]
        constraints = [models.UniqueConstraint(fields=["province", "field"], name="zones_internalfield_unique")]

    def __str__(self) -> str:
        return f"{self.province}: {self.get_field_display()}"

    def clean(self) -> None:
        province = self.province if self.province_id is not None else None
        if province is not None and (province.era != "current" or province.level != "province"):
            from zoneatlas.accounts.models import suggest_current_province  # accounts sits above zones

            raise ValidationError({"province": suggest_current_province(province)})
