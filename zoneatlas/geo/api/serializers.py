"""Administrative units and resolutions as the API shows them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zoneatlas.geo.choices import Level
from zoneatlas.geo.models import AdminUnit

_Q_MISSING = _("Give the text to resolve in the q parameter, e.g. ?q=Huyện Lạc Thủy, Tỉnh Hòa Bình.")


class AdminUnitSerializer(serializers.ModelSerializer[AdminUnit]):
    """A unit of either era; ``province_code`` is the code of its province in the same era."""

    province_code = serializers.CharField(source="province.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = AdminUnit
        fields = ["code", "name", "short_name", "era", "level", "province_code"]
        read_only_fields = fields


class ResolveQuerySerializer(serializers.Serializer[dict[str, Any]]):
    """The query parameters of ``/admin-units/resolve/``."""

    q = serializers.CharField(
        max_length=500,
        help_text=_(
            "The text to resolve: a unit's name with or without diacritics or type, in either era, or a "
            "comma-separated address from the most to the least specific part."
        ),
        error_messages={"required": _Q_MISSING, "blank": _Q_MISSING},
    )
    level = serializers.ChoiceField(
        choices=Level.choices, required=False, help_text=_("Only answer units of this level.")
    )
    on = serializers.DateField(
        required=False,
        help_text=_("The date the text refers to: before 2025-07-01, a name of both eras is read as the old unit."),
    )


class ResolutionSerializer(serializers.Serializer[Any]):
    """What the text names and what it is today.

    ``ok`` is false when nothing matched (or the text was ambiguous): ``candidates`` then lists the
    closest units and ``note`` says why. ``matched`` is the most specific unit found; ``legacy`` is set
    when it is a unit of before 1 July 2025; ``current`` lists today's unit(s) it corresponds to (several
    when it was split, or for a former district); ``province`` is today's province.
    """

    query = serializers.CharField()
    ok = serializers.BooleanField()
    matched = AdminUnitSerializer(allow_null=True)
    legacy = AdminUnitSerializer(allow_null=True)
    current = AdminUnitSerializer(many=True)
    province = AdminUnitSerializer(allow_null=True)
    is_split = serializers.BooleanField()
    candidates = AdminUnitSerializer(many=True)
    note = serializers.CharField()
