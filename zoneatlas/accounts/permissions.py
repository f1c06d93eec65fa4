"""DRF permissions built on the access rules: reads follow visibility, writes need an editing grant."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from zoneatlas.accounts.access import can_edit_zone
from zoneatlas.accounts.models import ApiToken
from zoneatlas.zones.models import Zone


class ZoneAccess(permissions.BasePermission):
    """Anyone reads what they can see; changing a zone needs an editing grant over it (and a write token)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return isinstance(obj, Zone) and can_edit_zone(request.user, obj)
