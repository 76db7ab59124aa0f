from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = "评审结果"
