"""Token management: a user lists, creates and revokes their own API tokens (another user's are 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from zoneatlas.accounts.api.serializers import ApiTokenCreatedSerializer, ApiTokenCreateSerializer, ApiTokenSerializer
from zoneatlas.accounts.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class WritesNeedAWriteToken(permissions.BasePermission):
    """A read-only token reads; creating or revoking tokens needs the session or a read-write token."""

    message = _("This token is read-only: it cannot create or revoke tokens.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write


class ApiTokenViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet[ApiToken]
):
    permission_classes = [permissions.IsAuthenticated, WritesNeedAWriteToken]
    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()  # for the schema; requests get the user's own tokens

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=cast("User", self.request.user)).order_by("-created_at", "-pk")

    def get_serializer_class(self) -> type[BaseSerializer[ApiToken]]:
        return ApiTokenCreateSerializer if self.action == "create" else ApiTokenSerializer

    @extend_schema(request=ApiTokenCreateSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request: Request) -> Response:
        form = ApiTokenCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        token, key = ApiToken.issue(cast("User", request.user), **form.validated_data)
        token.key = key  # type: ignore[attr-defined]  # shown in this answer only, never stored
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        token = self.get_object()
        if token.revoked_at is None:  # revoking again keeps the first revocation time
            token.revoke()
        return Response(status=status.HTTP_204_NO_CONTENT)
