from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    NEWS = "news", _("News report")
    DECISION = "decision", _("Decision or legal document")
    PLAN = "plan", _("Plan")
    REPORT = "report", _("Official report")
    DATASET = "dataset", _("Dataset or import file")
    SYNTHETIC = "synthetic", _("Synthetic (illustrative, not real)")
