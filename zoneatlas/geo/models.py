"""Administrative units of Vietnam in both eras, and the crosswalk between them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.choices import Era, Level

REORGANISATION_DATE = dt.date(2025, 7, 1)


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def current(self) -> AdminUnitQuerySet:
        return self.filter(era=Era.CURRENT)

    def legacy(self) -> AdminUnitQuerySet:
        return self.filter(era=Era.LEGACY)

    def provinces(self) -> AdminUnitQuerySet:
        return self.filter(level=Level.PROVINCE)

    def valid_on(self, day: dt.date) -> AdminUnitQuerySet:
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )


class AdminUnit(models.Model):
    """A province, district or commune as it exists (or existed) on the official GSO list.

    Units of both eras live side by side: the 63 provinces, 696 districts and ~10,000 communes valid
    until 30 June 2025, and the 34 provinces and 3,321 communes valid since 1 July 2025. A legacy unit
    is never deleted: figures published before the reorganisation keep the unit they were reported for.
    GSO codes are unique only within an era and level, so the key is (era, level, code).
    """

    era = models.CharField(_("era"), max_length=8, choices=Era.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    code = models.CharField(_("GSO code"), max_length=5)
    name = models.CharField(_("official name"), max_length=120, help_text=_("With its type, e.g. 'Tỉnh Phú Thọ'."))
    short_name = models.CharField(_("short name"), max_length=100, help_text=_("Without the type, e.g. 'Phú Thọ'."))
    unit_type = models.CharField(_("type"), max_length=30, help_text=_("Tỉnh, Thành phố, Huyện, Xã, Phường..."))
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province the unit belongs to (itself for a province)."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    search_key = models.CharField(
        _("search key"), max_length=120, db_index=True, help_text=_("Short name without diacritics or spaces.")
    )

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["era", "level", "code"]
        constraints = [models.UniqueConstraint(fields=["era", "level", "code"], name="geo_unit_unique_code")]
        indexes = [models.Index(fields=["era", "level", "search_key"])]

    def __str__(self) -> str:
        if self.era == Era.LEGACY and self.level != Level.PROVINCE and self.province_id:
            return f"{self.name}, {self.province.name if self.province else ''} ({_('before 1 July 2025')})"
        return self.name

    @property
    def is_legacy(self) -> bool:
        return self.era == Era.LEGACY

    @property
    def point(self) -> tuple[Decimal, Decimal] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


class UnitSuccession(models.Model):
    """One line of the legacy → current crosswalk.

    A legacy commune maps to one current commune, or, when it was split (471 communes were), to
    several; ``is_default`` marks the successor that received the main part (the one an address
    is converted to when nothing else is known). Legacy provinces map to the current province
    they were merged into. A legacy district maps to every current commune its communes went to.
    """

    predecessor = models.ForeignKey(
        AdminUnit, verbose_name=_("legacy unit"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdminUnit, verbose_name=_("current unit"), on_delete=models.CASCADE, related_name="predecessions"
    )
    is_split = models.BooleanField(_("split"), default=False, help_text=_("The legacy unit went to several units."))
    is_default = models.BooleanField(_("main successor"), default=True)
    effective_on = models.DateField(_("effective on"), default=REORGANISATION_DATE)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_succession_unique_pair")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
