from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("打印")

    def ready(self) -> None:
        # A move into 通过形式审核 lays the 评审表's body out on a worker (documents.tasks).
        from django.db.models.signals import post_save

        from applications.models import Application
        from documents.tasks import on_application_saved

        post_save.connect(
            on_application_saved, sender=Application, dispatch_uid="documents.review_form_body"
        )
