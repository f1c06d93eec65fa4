"""Who may see and change what: grants of a role over a province or a zone, and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.accounts.choices import Agency, Role, TokenScope
from zoneatlas.core.models import TimeStampedModel
from zoneatlas.geo.choices import Era, Level


class GrantQuerySet(models.QuerySet["Grant"]):
    def active(self, on: dt.date | None = None) -> GrantQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Grant(TimeStampedModel):
    """A role given to a user over a scope, for a period.

    A provincial or commune officer's scope is one of today's provinces; a developer's is one zone; a
    national officer and an administrator have no scope. Grants are data, so access changes without code
    and every change is in the history.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.CharField(
        _("agency"), max_length=10, choices=Agency.choices, blank=True, help_text=_("For provincial officers.")
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
        limit_choices_to={"era": Era.CURRENT, "level": Level.PROVINCE},
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
        help_text=_("For zone developers."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["user", "role"]

    def __str__(self) -> str:
        scope = self.zone or self.province or _("the whole country")
        return f"{self.user}: {self.get_role_display()} — {scope}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        scoped = {Role.PROVINCIAL_OFFICER, Role.COMMUNE_OFFICER}
        if self.role in scoped and self.province_id is None:
            errors["province"] = str(_("A provincial or commune officer needs a province."))
        province = self.province if self.province_id is not None else None
        if province is not None and (province.era != Era.CURRENT or province.level != Level.PROVINCE):
            errors["province"] = str(suggest_current_province(province))
        if self.role == Role.PROVINCIAL_OFFICER and not self.agency:
            errors["agency"] = str(_("Say whether the officer works for the DOIT (clusters) or the IP board (parks)."))
        if self.role == Role.DEVELOPER and self.zone_id is None:
            errors["zone"] = str(_("A developer's grant names its zone."))
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = str(_("A grant cannot end before it starts."))
        if errors:
            raise ValidationError(errors)


def suggest_current_province(unit: models.Model) -> str:
    """The message refusing a legacy province, naming today's province it became part of."""
    from zoneatlas.geo.models import AdminUnit

    assert isinstance(unit, AdminUnit)
    today = AdminUnit.objects.filter(predecessions__predecessor=unit, level=Level.PROVINCE).first()
    if today is None:
        return str(_("%(name)s is not one of today's provinces.") % {"name": unit.name})
    return str(
        _("%(name)s is a province from before 1 July 2025; grant %(today)s (%(code)s) instead.")
        % {"name": unit.name, "today": today.name, "code": today.code}
    )


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class ApiToken(TimeStampedModel):
    """A key for the API, created and revoked by its owner. Only its hash is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, help_text=_("The first characters, to recognise it."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=12, choices=TokenScope.choices, default=TokenScope.READ)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, user: models.Model, name: str, *, scope: str = TokenScope.READ, expires_at: dt.datetime | None = None
    ) -> tuple[ApiToken, str]:
        """Create a token; returns it with the clear key, which is not stored and cannot be shown again."""
        key = "za_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=key[:10], key_hash=_hash(key), scope=scope, expires_at=expires_at
        )
        return token, key

    @classmethod
    def find(cls, key: str) -> ApiToken | None:
        return cls.objects.usable().select_related("user").filter(key_hash=_hash(key)).first()

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at", "updated_at"])

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE
