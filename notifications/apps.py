from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Delivers what the domains tell people. A leaf: nobody imports it; it plugs itself in
    here — the deliverer behind `lib.outbox`, and its scheduled job in the scheduler's table."""

    name = "notifications"
    verbose_name = _("消息通知")

    def ready(self) -> None:
        from lib import outbox
        from notifications.actions import notify
        from notifications.tasks import resend_stalled_notices_task
        from scheduler.schedule import Job, register

        outbox.install(notify)
        register(
            Job(
                "resend_notices",
                resend_stalled_notices_task,
                {"minute": "*/5"},
                "resend notices whose delivery task was lost",
            )
        )
