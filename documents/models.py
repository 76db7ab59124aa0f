"""Who printed which form of which application, and when (the serial on every print)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application


class PrintRecord(models.Model):
    """One print. Its serial is on the printed pages, so a paper form can be traced back."""

    class Document(models.TextChoices):
        REVIEW_FORM = "review_form", _("评审表")
        ENVELOPE = "envelope", _("职称材料袋基本信息")
        REPORT_FORM = "report_form", _("呈报表")

    application = models.ForeignKey(Application, models.CASCADE, related_name="prints")
    document = models.CharField(_("表格"), max_length=12, choices=Document.choices)
    official = models.BooleanField(_("正式表"))
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(_("打印时间"), auto_now_add=True)

    class Meta:
        ordering = ["-printed_at", "-id"]
        verbose_name = _("打印记录")
        verbose_name_plural = _("打印记录")

    def __str__(self) -> str:
        return self.serial

    @property
    def serial(self) -> str:
        return f"DY{self.pk:08d}"
