"""Portal content: 通知公告 and 政策法规 with their attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import Region, ReviewCommittee
from zhicheng.uploads import private_storage, upload_path


class Notice(models.Model):
    """A public notice or policy document. `published_at` empty means withdrawn (or draft)."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("通知公告")
        POLICY = "policy", _("政策法规")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=150)
    body = models.TextField(_("正文"))
    region = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("区域")
    )
    committee = models.ForeignKey(
        ReviewCommittee,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("评审委员会"),
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("发布人")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        indexes = [models.Index(fields=["kind", "-published_at"], name="notice_kind_recent")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class NoticeAttachment(models.Model):
    """A file of a notice, checked by content on upload, served through a view."""

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="attachments")
    file = models.FileField(
        storage=private_storage, upload_to=upload_path("notices"), max_length=200
    )
    display_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=4)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.display_name

    @property
    def content_type(self) -> str:
        return {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}.get(
            self.kind, "application/octet-stream"
        )
