from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("职称目录")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from catalog import stamp
        from catalog.models import EligibilityRule, Series, Specialty, Title

        stamp.watch(Series, Title, Specialty, EligibilityRule)
        post_migrate.connect(
            stamp.install_after_migrate, sender=self, dispatch_uid="catalog.reference_stamp"
        )
