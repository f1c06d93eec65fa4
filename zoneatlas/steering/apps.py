from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    """Obstacles on zones and their follow-up: directives, responsible agencies, deadlines, steering-board meetings."""

    name = "zoneatlas.steering"
    verbose_name = _("Obstacles and steering")
