"""``zoneatlas users``: create users, grant and revoke roles, list grants.

    zoneatlas users create USERNAME --email E [--password-from-env VAR]
    zoneatlas users grant USERNAME --role provincial_officer --agency doit --province "Lạng Sơn" \\
        [--from 2026-01-01 --to 2026-12-31] [--zone CODE] [--reason TEXT] [--by USERNAME]
    zoneatlas users revoke-grant ID [--reason TEXT] [--by USERNAME]
    zoneatlas users list [--province CODE] [--user USERNAME]

Every grant goes through ``full_clean()`` and is saved with its history (``--by`` names the person
granting); a refused grant writes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from zoneatlas.accounts.choices import Agency, Role
from zoneatlas.accounts.models import Grant, suggest_current_province
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.geo.services import resolve_province
from zoneatlas.zones.models import Zone


def find_province(text: str) -> AdminUnit:
    """Today's province named by ``text`` (a name or a code); a province from before 1 July 2025 is refused
    with the one it became part of, so a grant never points at a unit that no longer exists."""
    text = text.strip()
    if text.isdigit():
        current = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=text).first()
        if current is not None:
            return current
        legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.PROVINCE, code=text).first()
        if legacy is not None:
            raise CommandError(suggest_current_province(legacy))
        raise CommandError(_("No province has the code %(code)s.") % {"code": text})
    resolution = resolve_province(text)
    unit = resolution.matched
    if unit is None:
        raise CommandError(resolution.note)
    if unit.level != Level.PROVINCE:
        raise CommandError(_("%(name)s is not a province.") % {"name": unit.name})
    if unit.era != Era.CURRENT:
        raise CommandError(suggest_current_province(unit))
    return unit


def describe_errors(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


def is_active(grant: Grant) -> bool:
    return Grant.objects.active().filter(pk=grant.pk).exists()


def describe_grant(grant: Grant, *, active: bool) -> str:
    if grant.zone is not None:
        scope = grant.zone.code
    elif grant.province is not None:
        scope = f"{grant.province.name} ({grant.province.code})"
    else:
        scope = "-"
    period = f"{grant.valid_from or '…'} → {grant.valid_to or '…'}"
    state = _("active") if active else _("inactive")
    agency = f" [{grant.agency}]" if grant.agency else ""
    return f"#{grant.pk}  {grant.user.get_username()}  {grant.role}{agency}  {scope}  {period}  {state}"


class Command(BaseCommand):
    help = _("Users and their grants: create a user, grant or revoke a role, list grants.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")

        create = subcommands.add_parser("create", help=_("Create a user."))
        create.add_argument("username")
        create.add_argument("--email", required=True)
        create.add_argument(
            "--password-from-env",
            metavar="VAR",
            help=_("read the password from this environment variable (without it the user cannot log in yet)"),
        )

        grant = subcommands.add_parser("grant", help=_("Give a user a role over a province or a zone."))
        grant.add_argument("username")
        grant.add_argument("--role", required=True, choices=Role.values)
        grant.add_argument("--agency", choices=Agency.values, default="")
        grant.add_argument("--province", help=_("today's province, by name or code"))
        grant.add_argument("--zone", help=_("a zone code, for a developer"))
        grant.add_argument("--from", dest="valid_from", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        grant.add_argument("--to", dest="valid_to", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        grant.add_argument("--reason", default="")
        grant.add_argument("--by", help=_("the username of the person granting, recorded in the history"))

        revoke = subcommands.add_parser("revoke-grant", help=_("Remove a grant (its history is kept)."))
        revoke.add_argument("grant_id", type=int, metavar="ID")
        revoke.add_argument("--reason", default="")
        revoke.add_argument("--by", help=_("the username of the person revoking, recorded in the history"))

        listing = subcommands.add_parser("list", help=_("List grants."))
        listing.add_argument("--province", help=_("today's province code"))
        listing.add_argument("--user", help=_("a username"))

    def handle(self, *args: Any, **options: Any) -> None:
        handler = {
            "create": self.create,
            "grant": self.grant,
            "revoke-grant": self.revoke_grant,
            "list": self.list_grants,
        }[options["subcommand"]]
        handler(options)

    def user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("No user is called %(username)s.") % {"username": username}) from None

    def create(self, options: dict[str, Any]) -> None:
        User = get_user_model()  # noqa: N806
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(_("A user called %(username)s already exists.") % {"username": username})
        user = User(username=username, email=User.objects.normalize_email(options["email"]))
        variable = options["password_from_env"]
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(_("The environment variable %(var)s is empty or not set.") % {"var": variable})
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user.set_password(password)
        else:
            user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError as error:
            raise CommandError(describe_errors(error)) from None
        user.save()
        self.stdout.write(_("Created user %(username)s.") % {"username": username})

    def grant(self, options: dict[str, Any]) -> None:
        user = self.user(options["username"])
        by = self.user(options["by"]) if options["by"] else None
        province = find_province(options["province"]) if options["province"] else None
        zone = None
        if options["zone"]:
            zone = Zone.objects.filter(code=options["zone"]).first()
            if zone is None:
                raise CommandError(_("No zone has the code %(code)s.") % {"code": options["zone"]})
        grant = Grant(
            user=user,
            role=options["role"],
            agency=options["agency"],
            province=province,
            zone=zone,
            valid_from=options["valid_from"],
            valid_to=options["valid_to"],
            reason=options["reason"],
            granted_by=by,
        )
        try:
            grant.full_clean()
        except ValidationError as error:
            raise CommandError(describe_errors(error)) from None
        grant._history_user = by  # type: ignore[attr-defined]
        grant._change_reason = options["reason"]  # type: ignore[attr-defined]
        with transaction.atomic():
            grant.save()
        self.stdout.write(_("Granted: %(grant)s") % {"grant": describe_grant(grant, active=is_active(grant))})

    def revoke_grant(self, options: dict[str, Any]) -> None:
        grant = Grant.objects.select_related("user", "province", "zone").filter(pk=options["grant_id"]).first()
        if grant is None:
            raise CommandError(_("No grant has the number %(id)s.") % {"id": options["grant_id"]})
        by = self.user(options["by"]) if options["by"] else None
        description = describe_grant(grant, active=is_active(grant))
        grant._history_user = by  # type: ignore[attr-defined]
        grant._change_reason = options["reason"]  # type: ignore[attr-defined]
        with transaction.atomic():
            grant.delete()
        self.stdout.write(_("Revoked: %(grant)s") % {"grant": description})

    def list_grants(self, options: dict[str, Any]) -> None:
        grants = Grant.objects.select_related("user", "province", "zone").order_by("user__username", "role", "pk")
        if options["province"]:
            grants = grants.filter(province__code=options["province"], province__era=Era.CURRENT)
        if options["user"]:
            grants = grants.filter(user__username=options["user"])
        active = set(Grant.objects.active().filter(pk__in=grants.values("pk")).values_list("pk", flat=True))
        lines = [describe_grant(grant, active=grant.pk in active) for grant in grants]
        self.stdout.write("\n".join(lines) if lines else _("No grant."))
