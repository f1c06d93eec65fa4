from __future__ import annotations

from rest_framework import serializers

from zoneatlas.sources.models import Document


class DocumentRefSerializer(serializers.ModelSerializer[Document]):
    """A source in brief, as cited beside a figure."""

    class Meta:
        model = Document
        fields = ["code", "title", "publisher", "published_on", "as_of", "url", "is_synthetic"]


class DocumentSerializer(serializers.ModelSerializer[Document]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Document
        fields = [
            "code",
            "title",
            "kind",
            "kind_label",
            "publisher",
            "published_on",
            "as_of",
            "date_note",
            "language",
            "url",
            "file_name",
            "is_synthetic",
            "text",
        ]
