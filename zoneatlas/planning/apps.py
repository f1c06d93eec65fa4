from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Legal rule sets as dated data, the checks computed from them, and plans' targets with their forecasts."""

    name = "zoneatlas.planning"
    verbose_name = _("Planning and legal rules")

    def ready(self) -> None:
        """Cached API answers show targets' progress: a change of a target, a milestone or an approved report
        (whose values the progress of officials reads) makes them stale like a change of registry data."""
        from django.db.models.signals import post_delete, post_save

        from zoneatlas.core.caching import registry_changed
        from zoneatlas.planning.models import Target, TargetMilestone
        from zoneatlas.reporting.models import Submission

        def changed(sender: type, using: str = "default", **kwargs: object) -> None:
            registry_changed(using)

        for model in (Target, TargetMilestone, Submission):
            uid = f"zoneatlas.planning.targets:{model._meta.label_lower}"
            post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(changed, sender=model, dispatch_uid=uid, weak=False)
