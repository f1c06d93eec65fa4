"""Tenants of the zones: investors, their projects, the land leased to them, and the money involved.

Amounts are kept as stated (amount and currency) with the VND and USD values computed from a dated
exchange rate, and each converted amount points at the rate it used. VND is whole dong (BRIEF §10).
Records made up for the demo are marked ``is_synthetic`` and shown as such everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.core.models import TimeStampedModel
from zoneatlas.tenants import vsic
from zoneatlas.tenants.choices import (
    EnvironmentalCategory,
    FundingSource,
    InvestorKind,
    LandUse,
    LeaseStatus,
    ProjectStatus,
    VsicVersion,
)
from zoneatlas.tenants.currencies import VND, validate_currency
from zoneatlas.tenants.taxcodes import validate_tax_code


def _synthetic_field() -> models.BooleanField[bool, bool]:
    return models.BooleanField(
        _("synthetic"), default=False, help_text=_("Illustrative record made up for the demo, not real.")
    )


class ExchangeRate(TimeStampedModel):
    """How many dong one unit of a currency was worth from a date (until ``valid_to``, or the next rate).

    A rate without ``valid_to`` holds until the next rate of the same currency, but for at most
    ``ZONEATLAS["EXCHANGE_RATE_MAX_AGE_DAYS"]`` days: a conversion never silently uses a stale rate.
    """

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    vnd_per_unit = models.DecimalField(_("VND per unit"), max_digits=18, decimal_places=6)
    source = models.CharField(_("source"), max_length=300, help_text=_("e.g. State Bank of Vietnam central rate"))
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source document"), null=True, blank=True, on_delete=models.PROTECT
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="tenants_rate_one_per_day"),
            models.CheckConstraint(condition=Q(vnd_per_unit__gt=0), name="tenants_rate_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="tenants_rate_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.vnd_per_unit:,.2f} VND ({self.valid_from:%Y-%m-%d})"

    def clean(self) -> None:
        if self.currency == VND:
            raise ValidationError({"currency": gettext("VND is the base currency: it needs no rate")})


class Investor(TimeStampedModel):
    """An enterprise or a person that invests in projects in the zones (a secondary investor)."""

    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=InvestorKind.choices, default=InvestorKind.ENTERPRISE)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, validators=[validate_tax_code])
    country = models.CharField(
        _("country of origin"), max_length=2, default="VN", help_text=_("ISO 3166 code, e.g. VN, KR, JP")
    )
    foreign_ownership_pct = models.DecimalField(
        _("foreign ownership (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    is_fdi = models.BooleanField(
        _("foreign-invested"),
        default=False,
        editable=False,
        help_text=_("Derived: a foreign country of origin, or foreign ownership above the configured threshold."),
    )
    contact = models.TextField(_("contact"), blank=True, help_text=_("Internal: never shown to the public."))
    is_synthetic = _synthetic_field()
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tax_code"], condition=~Q(tax_code=""), name="tenants_investor_tax_code"),
            models.CheckConstraint(
                condition=Q(foreign_ownership_pct__isnull=True)
                | Q(foreign_ownership_pct__gte=0, foreign_ownership_pct__lte=100),
                name="tenants_investor_ownership_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.is_fdi = derive_fdi(self.country, self.foreign_ownership_pct)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def derive_fdi(country: str, foreign_ownership_pct: Decimal | None) -> bool:
    """Foreign-invested: from abroad, or a Vietnamese enterprise with foreign ownership above the threshold."""
    threshold = Decimal(str(settings.ZONEATLAS["FDI_OWNERSHIP_THRESHOLD_PCT"]))
    return country.upper() != "VN" or (foreign_ownership_pct is not None and foreign_ownership_pct > threshold)


class ProjectQuerySet(models.QuerySet["Project"]):
    def active_on(self, on: dt.date) -> ProjectQuerySet:
        """Projects that exist on a day: registered by then and not terminated before it."""
        return self.filter(Q(registered_on__isnull=True) | Q(registered_on__lte=on)).exclude(terminated_on__lte=on)


class Project(TimeStampedModel):
    """A secondary investment project in a zone, with its capital, land and jobs.

    Registered and disbursed capital are kept as stated, with their VND and USD values converted at the
    rate of ``*_rate_date`` (the certificate date by default); ``*_rate`` and ``*_usd_rate`` are the rates
    used. ``status`` is the latest of the dated status history (``zoneatlas.tenants.services`` writes it).
    """

    zone = models.ForeignKey("zones.Zone", verbose_name=_("zone"), on_delete=models.CASCADE, related_name="projects")
    investor = models.ForeignKey(
        Investor, verbose_name=_("investor"), on_delete=models.PROTECT, related_name="projects"
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    vsic_version = models.CharField(_("VSIC version"), max_length=4, choices=VsicVersion.choices, blank=True)
    vsic_code = models.CharField(_("VSIC code"), max_length=5, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.REGISTERED, editable=False
    )
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    registered_on = models.DateField(_("registered on"), null=True, blank=True, editable=False)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True, editable=False)
    certificate_number = models.CharField(_("investment registration certificate"), max_length=40, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)

    registered_capital = models.DecimalField(
        _("registered capital (as stated)"), null=True, blank=True, max_digits=22, decimal_places=2
    )
    registered_currency = models.CharField(_("currency"), max_length=3, blank=True)
    registered_rate_date = models.DateField(_("rate date"), null=True, blank=True)
    registered_capital_vnd = models.BigIntegerField(_("registered capital (VND)"), null=True, blank=True)
    registered_capital_usd = models.DecimalField(
        _("registered capital (USD)"), null=True, blank=True, max_digits=22, decimal_places=2
    )
    registered_rate = models.ForeignKey(
        ExchangeRate, verbose_name=_("rate used"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_usd_rate = models.ForeignKey(
        ExchangeRate, verbose_name=_("USD rate used"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    disbursed_capital = models.DecimalField(
        _("disbursed capital (as stated)"), null=True, blank=True, max_digits=22, decimal_places=2
    )
    disbursed_currency = models.CharField(_("currency"), max_length=3, blank=True)
    disbursed_as_of = models.DateField(_("disbursed as of"), null=True, blank=True)
    disbursed_rate_date = models.DateField(_("rate date"), null=True, blank=True)
    disbursed_capital_vnd = models.BigIntegerField(_("disbursed capital (VND)"), null=True, blank=True)
    disbursed_capital_usd = models.DecimalField(
        _("disbursed capital (USD)"), null=True, blank=True, max_digits=22, decimal_places=2
    )
    disbursed_rate = models.ForeignKey(
        ExchangeRate, verbose_name=_("rate used"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disbursed_usd_rate = models.ForeignKey(
        ExchangeRate, verbose_name=_("USD rate used"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disbursed_note = models.TextField(
        _("disbursement note"), blank=True, help_text=_("Required when disbursed capital exceeds registered capital.")
    )

    land_area_ha = models.DecimalField(_("land area (ha)"), null=True, blank=True, max_digits=12, decimal_places=4)
    planned_jobs = models.PositiveIntegerField(_("planned jobs"), null=True, blank=True)
    actual_jobs = models.PositiveIntegerField(_("actual jobs"), null=True, blank=True)
    local_workers = models.PositiveIntegerField(_("local workers"), null=True, blank=True)
    jobs_as_of = models.DateField(_("jobs as of"), null=True, blank=True)
    technology_note = models.TextField(_("technology"), blank=True)
    environmental_category = models.CharField(
        _("environmental category"), max_length=3, choices=EnvironmentalCategory.choices, blank=True
    )
    environmental_note = models.TextField(_("environmental notes"), blank=True)
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_synthetic = _synthetic_field()
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["zone_id", "name", "id"]
        indexes = [models.Index(fields=["zone", "status"]), models.Index(fields=["investor"])]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_number"], condition=~Q(certificate_number=""), name="tenants_project_certificate"
            ),
            models.CheckConstraint(
                condition=Q(registered_capital__isnull=True) | ~Q(registered_currency=""),
                name="tenants_project_registered_currency",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_capital__isnull=True) | ~Q(disbursed_currency=""),
                name="tenants_project_disbursed_currency",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> vsic.Code | None:
        return vsic.lookup(self.vsic_version, self.vsic_code) if self.vsic_code else None

    @property
    def is_fdi(self) -> bool:
        return self.investor.is_fdi

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.vsic_code or self.vsic_version:
            problem = vsic.problem(self.vsic_version, self.vsic_code)
            if problem:
                errors["vsic_code"] = problem
        for prefix in ("registered", "disbursed"):
            amount = getattr(self, f"{prefix}_capital")
            currency = getattr(self, f"{prefix}_currency")
            if amount is not None:
                if amount < 0:
                    errors[f"{prefix}_capital"] = gettext("an amount cannot be negative")
                try:
                    validate_currency(currency)
                except ValidationError as error:
                    errors[f"{prefix}_currency"] = error.messages[0]
        if (
            self.disbursed_capital_vnd is not None
            and self.registered_capital_vnd is not None
            and self.disbursed_capital_vnd > self.registered_capital_vnd
            and not self.disbursed_note.strip()
        ):
            errors["disbursed_note"] = gettext(
                "disbursed capital is above registered capital: say why in the disbursement note"
            )
        if self.actual_jobs is not None and self.local_workers is not None and self.local_workers > self.actual_jobs:
            errors["local_workers"] = gettext("local workers cannot exceed the project's workers")
        if errors:
            raise ValidationError(errors)


class ProjectStatusEvent(TimeStampedModel):
    """A dated step in a project's life (registered, approved, building, operating, suspended, terminated)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices)
    effective_on = models.DateField(_("effective on"))
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project status")
        verbose_name_plural = _("project statuses")
        ordering = ["project_id", "effective_on", "id"]
        indexes = [models.Index(fields=["project", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.effective_on:%Y-%m-%d})"


class LeaseQuerySet(models.QuerySet["Lease"]):
    def active_on(self, on: dt.date) -> LeaseQuerySet:
        """Leases holding land on a day: started, not ended, not terminated."""
        return (
            self.filter(start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=on))
        )


class Lease(TimeStampedModel):
    """Land of a zone handed to a project: a plot, its area and use, from a start date.

    A lease counts towards occupancy from its start date (for ``committed`` leases, the date of the
    investment approval that committed the land) until its end or termination.
    """

    zone = models.ForeignKey("zones.Zone", verbose_name=_("zone"), on_delete=models.CASCADE, related_name="leases")
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL, related_name="leases"
    )
    plot = models.CharField(_("plot"), max_length=60, help_text=_("Plot reference in the detailed plan, e.g. CN-03"))
    land_use = models.CharField(_("land use"), max_length=12, choices=LandUse.choices, default=LandUse.INDUSTRIAL)
    area_ha = models.DecimalField(_("area (ha)"), max_digits=12, decimal_places=4)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=LeaseStatus.choices, default=LeaseStatus.SIGNED)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_synthetic = _synthetic_field()
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = LeaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        ordering = ["zone_id", "plot", "start_date", "id"]
        indexes = [models.Index(fields=["zone", "start_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(area_ha__gt=0), name="tenants_lease_area_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="tenants_lease_period_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | Q(terminated_on__isnull=False),
                name="tenants_lease_terminated_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plot} ({self.area_ha} ha)"

    @property
    def holds_until(self) -> dt.date | None:
        """The last day the lease holds its land (None: open-ended)."""
        ends = [
            day
            for day in (self.end_date, self.terminated_on - dt.timedelta(days=1) if self.terminated_on else None)
            if day
        ]
        return min(ends) if ends else None


class InfrastructureFunding(TimeStampedModel):
    """Money approved and disbursed for a zone's shared infrastructure, by source and year."""

    zone = models.ForeignKey("zones.Zone", verbose_name=_("zone"), on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    currency = models.CharField(_("currency"), max_length=3, default=VND, validators=[validate_currency])
    approved_amount = models.DecimalField(
        _("approved total (as stated)"), null=True, blank=True, max_digits=22, decimal_places=2
    )
    disbursed_amount = models.DecimalField(
        _("disbursed to date (as stated)"), null=True, blank=True, max_digits=22, decimal_places=2
    )
    approved_vnd = models.BigIntegerField(_("approved total (VND)"), null=True, blank=True)
    disbursed_vnd = models.BigIntegerField(_("disbursed to date (VND)"), null=True, blank=True)
    rate = models.ForeignKey(
        ExchangeRate, verbose_name=_("rate used"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("as of"))
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    is_synthetic = _synthetic_field()
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("infrastructure funding")
        verbose_name_plural = _("infrastructure funding")
        ordering = ["zone_id", "year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "source", "year"], name="tenants_funding_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}"


class ProjectResult(TimeStampedModel):
    """What a project reported for a period: revenue, exports, budget contribution, production, workers, income."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="results")
    period_label = models.CharField(_("period"), max_length=20, help_text=_("e.g. 2024, 2024-H1"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    revenue_vnd = models.BigIntegerField(_("revenue (VND)"), null=True, blank=True)
    exports_usd = models.DecimalField(_("exports (USD)"), null=True, blank=True, max_digits=22, decimal_places=2)
    budget_contribution_vnd = models.BigIntegerField(_("state budget contribution (VND)"), null=True, blank=True)
    production_value_vnd = models.BigIntegerField(_("industrial production value (VND)"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    local_workers = models.PositiveIntegerField(_("local workers"), null=True, blank=True)
    average_income_vnd = models.BigIntegerField(_("average monthly income (VND)"), null=True, blank=True)
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_synthetic = _synthetic_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project result")
        verbose_name_plural = _("project results")
        ordering = ["project_id", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_start", "period_end"], name="tenants_result_one_per_period"
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="tenants_result_period"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period_label}"
