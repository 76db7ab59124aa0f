from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = _("找回账号")

    def ready(self) -> None:
        from accounts import todo
        from recovery import checks  # noqa: F401 - registers the SMS and rate-limit checks
        from recovery.todo import todos

        todo.register(todos)
