"""API token authentication: ``Authorization: Token za_...``, checked against the stored hash."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from zoneatlas.accounts.models import ApiToken


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Token, with no spaces in it."))
        token = ApiToken.find(header[1].decode(errors="replace"))
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is unknown, revoked or expired."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
