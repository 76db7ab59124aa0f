from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("评审结果")

    def ready(self) -> None:
        from accounts import todo
        from results.todo import todos

        todo.register(todos)
