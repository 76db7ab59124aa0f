from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("安全审计")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate

        from audit import dbguard
        from audit.checks import check_retention

        checks.register(check_retention, checks.Tags.security, deploy=False)
        post_migrate.connect(
            dbguard.refresh_after_migrate, sender=self, dispatch_uid="audit.refresh_guard"
        )
