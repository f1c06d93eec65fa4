"""API plumbing shared by every app: errors always come back as 4xx JSON with a message; choice labels."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import get_language
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django validation errors and bad lookups answered as 400 rather than 500."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, (ValueError, TypeError)) and context.get("request") is not None:
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class ChoiceLabelField(serializers.CharField):
    """The label of a choice in the active language, read from a table built once per serializer, not once per row.

    ``CharField(source="get_status_display")`` costs more than it looks: Django's ``get_FOO_display`` rebuilds a dict
    of every label of the field, translating each, on every call, and DRF inspects the bound method on every row.
    On the zone list that was a fifth of the request's CPU time (docs/benchmarks.md).
    """

    def __init__(self, choices: type[models.Choices], **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self.choice_class = choices
        self._labels: dict[Any, str] = {}
        self._language: str | None = None

    def to_representation(self, value: Any) -> str:
        language = get_language()
        if self._language != language or not self._labels:
            self._labels = {choice: str(label) for choice, label in self.choice_class.choices}
            self._language = language
        return self._labels.get(value, "" if value is None else str(value))
