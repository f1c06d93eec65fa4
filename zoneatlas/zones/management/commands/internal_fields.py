"""``zoneatlas internal-fields``: which published fields of its zones a province keeps from the public.

    zoneatlas internal-fields mark --province 25 --field developer --by phutho [--reason TEXT]
    zoneatlas internal-fields unmark --province 25 --field developer --by phutho [--reason TEXT]
    zoneatlas internal-fields list [--province CODE]

``--by`` names the person deciding, recorded in the history with the reason; they must be an officer of the
province or a superuser (``accounts.access.can_mark_internal_fields``). A field that cannot be marked is refused
with the reason, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from zoneatlas.accounts.access import can_mark_internal_fields
from zoneatlas.accounts.management.commands.users import describe_errors, find_province
from zoneatlas.geo.models import AdminUnit
from zoneatlas.zones.field_policies import refusal
from zoneatlas.zones.models import InternalZoneField


class Command(BaseCommand):
    help = _("Which published fields of its zones a province keeps internal: mark, unmark, list.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name, text in (
            ("mark", _("Keep a field of the province's zones from the public.")),
            ("unmark", _("Publish the field again (the history keeps the marking).")),
        ):
            sub = subcommands.add_parser(name, help=text)
            sub.add_argument("--province", required=True, help=_("today's province, by name or code"))
            sub.add_argument(
                "--field", required=True, help=_("developer, gross_area_ha, industrial_land_ha, occupancy")
            )
            sub.add_argument("--by", required=True, help=_("the username of the person deciding, kept in the history"))
            sub.add_argument("--reason", default="")
        listing = subcommands.add_parser("list", help=_("List the fields provinces keep internal."))
        listing.add_argument("--province", help=_("today's province, by name or code"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "list":
            self.list_fields(options)
            return
        province = find_province(options["province"])
        field = options["field"].strip()
        why_not = refusal(field)
        if why_not:
            raise CommandError(why_not)
        by = self.decider(options["by"], province)
        if options["subcommand"] == "mark":
            self.mark(province, field, by, options["reason"])
        else:
            self.unmark(province, field, by, options["reason"])

    def decider(self, username: str, province: AdminUnit) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called %(username)s.") % {"username": username})
        if not can_mark_internal_fields(user, province.pk):
            raise CommandError(
                _("%(username)s may not choose the internal fields of %(province)s: only its officers may.")
                % {"username": username, "province": province.name}
            )
        return user

    def mark(self, province: AdminUnit, field: str, by: Any, reason: str) -> None:
        if InternalZoneField.objects.filter(province=province, field=field).exists():
            raise CommandError(
                _("%(province)s already keeps “%(field)s” internal.") % {"province": province.name, "field": field}
            )
        marking = InternalZoneField(province=province, field=field, reason=reason, marked_by=by)
        try:
            marking.full_clean()
        except ValidationError as error:
            raise CommandError(describe_errors(error)) from None
        marking._history_user = by  # type: ignore[attr-defined]
        marking._change_reason = reason  # type: ignore[attr-defined]
        with transaction.atomic():
            marking.save()
        self.stdout.write(
            _("%(province)s now keeps “%(field)s” of its zones from the public.")
            % {"province": province.name, "field": field}
        )

    def unmark(self, province: AdminUnit, field: str, by: Any, reason: str) -> None:
        marking = InternalZoneField.objects.filter(province=province, field=field).first()
        if marking is None:
            raise CommandError(
                _("%(province)s does not keep “%(field)s” internal.") % {"province": province.name, "field": field}
            )
        marking._history_user = by  # type: ignore[attr-defined]
        marking._change_reason = reason  # type: ignore[attr-defined]
        with transaction.atomic():
            marking.delete()
        self.stdout.write(
            _("%(province)s publishes “%(field)s” of its zones again.") % {"province": province.name, "field": field}
        )

    def list_fields(self, options: dict[str, Any]) -> None:
        markings = InternalZoneField.objects.select_related("province", "marked_by").order_by("province__code", "field")
        if options["province"]:
            markings = markings.filter(province=find_province(options["province"]))
        for marking in markings:
            by = marking.marked_by.get_username() if marking.marked_by else "-"
            self.stdout.write(
                f"{marking.province.code}  {marking.province.name}  {marking.field}  {by}  "
                f"{marking.created_at:%Y-%m-%d}  {marking.reason}"
            )
        if not markings:
            self.stdout.write(_("No province keeps a field internal."))
