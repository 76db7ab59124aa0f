from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = "在线问答"
