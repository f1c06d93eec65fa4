from __future__ import annotations

from rest_framework import viewsets

from zoneatlas.core.caching import CachedReadMixin
from zoneatlas.sources.api.serializers import DocumentSerializer
from zoneatlas.sources.models import Document


class DocumentViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet[Document]):
    """Sources: the documents figures, statuses and decisions cite."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    lookup_field = "code"
