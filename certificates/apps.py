from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("职称电子证书")

    def ready(self) -> None:
        # results writes the 批文 and asks this port for its certificates (results sits
        # below certificates and never imports it).
        from certificates.issuing import BatchIssuer
        from results import issuing

        issuing.install(BatchIssuer())
