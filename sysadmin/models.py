"""系统设置's own record: who changed which piece of reference data, when, and how."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SettingChange(models.Model):
    """An append-only line for every change made through 系统设置 (never edited or deleted)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    kind = models.CharField(_("对象类别"), max_length=30)
    object_id = models.PositiveIntegerField(_("对象编号"), null=True, blank=True)
    summary = models.CharField(_("操作内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("系统设置变更记录")
        verbose_name_plural = _("系统设置变更记录")

    def __str__(self) -> str:
        return self.summary
