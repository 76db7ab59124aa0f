from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("申请书")

    def ready(self) -> None:
        from accounts import todo
        from applications.todo import todos

        todo.register(todos)
