"""Back office for legal rules: an administrator confirms or corrects a pending rule without code, saying why.

Officials read the rules; only administrators (``access_for(user).is_administrator``) change them. Every change goes
through ``planning.services`` and is kept in the rule's history with who made it and the reason. Rules are never
deleted: a rule that no longer applies gets an end date.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from zoneatlas.accounts.access import access_for
from zoneatlas.planning.forms import ReasonForm, RuleAdminForm, TargetAdminForm
from zoneatlas.planning.models import ProvinceAreaScope, Rule, RuleVersion, Target, TargetMilestone
from zoneatlas.planning.services import confirm_rules, save_rule


class AdministratorsChange(SimpleHistoryAdmin):
    """Officials read; administrators change; nobody deletes."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not access_for(request.user).is_public

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access_for(request.user).is_administrator

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access_for(request.user).is_administrator

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RuleVersion)
class RuleVersionAdmin(AdministratorsChange):
    list_display = ["name", "effective_from", "effective_to"]
    search_fields = ["name", "note"]


@admin.register(Rule)
class RuleAdmin(AdministratorsChange):
    form = RuleAdminForm
    list_display = ["rule_id", "zone_kind", "value_text", "valid_from", "valid_to", "status", "source", "origin"]
    list_filter = ["status", "zone_kind", "version", "origin"]
    search_fields = ["rule_id", "value_text", "source", "note"]
    list_select_related = ["version"]
    readonly_fields = ["value_number", "value_list", "origin", "created_at", "updated_at"]
    actions = ["confirm"]

    def save_model(self, request: HttpRequest, obj: Rule, form: Any, change: bool) -> None:
        save_rule(obj, user=request.user, reason=form.cleaned_data["reason"])

    @admin.action(description=_("Confirm the selected pending rules"), permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[Rule]) -> TemplateResponse | None:
        """Ask for the reason first, then confirm: the intermediate page posts the same action back with it."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            confirmed = confirm_rules(queryset, user=request.user, reason=form.cleaned_data["reason"])
            self.message_user(
                request,
                ngettext("%(count)d rule confirmed.", "%(count)d rules confirmed.", len(confirmed))
                % {"count": len(confirmed)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Confirm pending rules"),
            "opts": self.model._meta,
            "rules": list(queryset),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/planning/rule/confirm.html", context)


@admin.register(ProvinceAreaScope)
class ProvinceAreaScopeAdmin(AdministratorsChange):
    list_display = ["province", "scope", "valid_from", "decision"]
    list_filter = ["scope"]
    search_fields = ["province__name", "decision"]
    autocomplete_fields = ["province"]


class TargetMilestoneInline(admin.TabularInline[TargetMilestone, Target]):
    model = TargetMilestone
    extra = 0
    fields = ["on", "value", "note"]


def _may_change_target(user: Any, target: Target | None) -> bool:
    """Administrators change every target; a provincial officer those about their province (DOIT: clusters, the IP
    board: parks), where the target names a kind they manage or none."""
    access = access_for(user)
    if access.is_administrator:
        return True
    if target is None:
        return bool(access.edit_scopes)
    province = target.province
    if province is None:
        return False
    kinds = {kind for province_id, kind in access.edit_scopes if province_id == province.pk}
    kind = target.zone.kind if target.zone is not None else target.zone_kind
    return bool(kinds) and (not kind or kind in kinds)


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    """Officials read the targets they may read; administrators and the province's officers change them. The
    progress, forecast and status are computed, never typed: they are on the target's dashboard and API."""

    form = TargetAdminForm
    list_display = ["name", "metric", "scope_type", "comparison", "value", "unit", "deadline", "external_ref"]
    list_filter = ["scope_type", "comparison", "metric"]
    search_fields = ["name", "name_en", "quote", "external_ref"]
    list_select_related = ["document"]
    autocomplete_fields = ["zone", "admin_unit"]
    raw_id_fields = ["zone_group", "document"]
    inlines = [TargetMilestoneInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Target]:
        return Target.objects.visible_to(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not access_for(request.user).is_public

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _may_change_target(request.user, None)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change_target(request.user, obj) if obj is not None else self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access_for(request.user).is_administrator

    def save_model(self, request: HttpRequest, obj: Target, form: Any, change: bool) -> None:
        if not _may_change_target(request.user, obj):
            raise PermissionDenied
        obj._change_reason = form.cleaned_data["reason"]  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
