"""Back office for grants (with their history) and API tokens (revocable, the key never shown)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from zoneatlas.accounts.forms import AdminLoginForm
from zoneatlas.accounts.models import ApiToken, Grant

# The admin login answers a locked-out (username, IP address) pair with the same clear message as the site's.
admin.site.login_form = AdminLoginForm


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "agency", "province", "zone", "valid_from", "valid_to", "granted_by"]
    list_filter = ["role", "agency", ("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "province__name", "zone__name", "zone__code", "reason"]
    autocomplete_fields = ["user", "province", "zone"]
    readonly_fields = ["granted_by", "created_at", "updated_at"]
    list_select_related = ["user", "province", "zone", "granted_by"]
    fields = [
        "user",
        "role",
        "agency",
        "province",
        "zone",
        "valid_from",
        "valid_to",
        "reason",
        "granted_by",
        "created_at",
        "updated_at",
    ]

    def save_model(self, request: HttpRequest, obj: Grant, form: Any, change: bool) -> None:
        if not change:
            obj.granted_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "scope", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    fields = ["user", "name", "scope", "prefix", "key_hash", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Tokens are created by their owner through the API, which shows the key once.
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )
