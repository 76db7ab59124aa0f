from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "找回账号"

    def ready(self) -> None:
        from recovery import checks  # noqa: F401 - registers the SMS and rate-limit checks
