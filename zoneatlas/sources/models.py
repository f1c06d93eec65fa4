"""Documents: where every figure, status and decision in ZoneAtlas comes from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.core.models import TimeStampedModel
from zoneatlas.sources.choices import DocumentKind


class Document(TimeStampedModel):
    """A source: a news report, a decision, a plan, an official report or an import file.

    A figure is only as good as the document it comes from, so a document keeps what a reader needs
    to find and judge it: title, publisher, date, language, address or file, and its text, from which
    figures quote the passage that states them. Synthetic documents mark illustrative data.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True, help_text=_("Stable short identifier."))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.NEWS)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    date_note = models.CharField(
        _("date note"), max_length=200, blank=True, help_text=_("When the date is inferred or approximate, say how.")
    )
    as_of = models.DateField(
        _("describes the situation on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the content describes; a page may be published long after (seed 002: 2024 page, May 2021 data)."
        ),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    url = models.URLField(_("address"), max_length=500, blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Illustrative data made up for demonstration, not a real source.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_on", "code"]

    def __str__(self) -> str:
        return self.title

    def contains(self, quote: str) -> bool:
        """Whether the quote is in the text, whitespace differences aside."""
        return _collapse(quote) in _collapse(self.text)


def _collapse(text: str) -> str:
    return " ".join(text.split())
