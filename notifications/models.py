"""In-app messages (站内消息): one row per recipient, read or not."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """A notice to one user about something that happened, usually to an application.

    Written only by `notifications.actions.notify`, after the change it reports has
    committed; `read_at` is set when the recipient opens it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="inbox",
        verbose_name=_("收件人"),
    )
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申请书"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        indexes = [
            # The inbox and the unread count: one user's messages, read or not.
            models.Index(fields=["recipient", "read_at"], name="message_recipient_read_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
