from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zoneatlas.sources.models import Document


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "kind", "publisher", "published_on", "is_synthetic"]
    list_filter = ["kind", "is_synthetic", "language"]
    search_fields = ["code", "title", "publisher", "text"]
