from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib import i18n


class PlatformAdminConfig(AdminConfig):
    """django.contrib.admin with the platform's site (hr_admin admitted) as `admin.site`."""

    default_site = "audit.admin_site.PlatformAdminSite"


class OpsConfig(AppConfig):
    """The project package as an app: task log lines and the request id's end; no models."""

    name = "zhicheng"
    label = "zhicheng"
    verbose_name = _("运行与运维")

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django_tasks.signals import task_finished, task_started

        from zhicheng.logs import log_task_finished, log_task_started
        from zhicheng.middleware import clear_request_id

        # lib/ fills some messages itself (a length, a label): it translates with Django's.
        i18n.install(gettext)

        request_finished.connect(clear_request_id, dispatch_uid="zhicheng.clear_request_id")
        task_started.connect(log_task_started, dispatch_uid="zhicheng.logs.task_started")
        task_finished.connect(log_task_finished, dispatch_uid="zhicheng.logs.task_finished")
