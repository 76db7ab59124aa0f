from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("缴费")

    def ready(self) -> None:
        from accounts import todo
        from payments.todo import todos

        todo.register(todos)
