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


class Notice(models.Model):
    """One event to tell people about (a step taken, a reminder due): the unit of a fan-out.

    Created by `notifications.actions.notify` in the transaction of the change it reports,
    so a rolled-back change leaves no notice; its deliveries are done by the task
    `notifications.tasks.deliver_notice` after the commit. `key`, when given, names the
    event itself (a reminder for one application and one window): a second notice with the
    same key is never created, so a job run twice tells nobody twice.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    key = models.CharField(_("事件标识"), max_length=120, unique=True, null=True, blank=True)
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
    # The request (or task) that caused it, carried into the delivery task's log lines.
    request_id = models.CharField(max_length=64, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    # When the next delivery run is due; a pending notice long past it was lost on the way
    # (a worker killed, a queue unreachable at enqueue time) and is enqueued again.
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("通知事件")
        verbose_name_plural = _("通知事件")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notice_pending_idx"),
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One recipient of a notice: their in-app message and, with an address, their mail.

    Unique per notice and recipient. The delivery task creates the message only while
    `message` is empty and sends the mail only while `mailed_at` is empty, marking it under
    the row's lock in the same transaction as the send: a task delivered twice, or retried
    after some mails failed, sends each mail once.
    """

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("收件人")
    )
    # The address when the event happened; blank: in-app message only.
    email = models.EmailField(_("邮箱"), blank=True)
    message = models.OneToOneField(
        Message, models.SET_NULL, null=True, blank=True, related_name="delivery"
    )
    mailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("通知送达")
        verbose_name_plural = _("通知送达")
        constraints = [
            models.UniqueConstraint(fields=["notice", "recipient"], name="delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}→{self.recipient_id}"
