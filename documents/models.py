"""Who printed which form of which application, and when (the serial on every print); the
official 评审表 laid out once, on which each print stamps its marking."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from zhicheng.uploads import private_storage


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


BODY_FOLDER = "review-forms"


class ReviewFormBody(models.Model):
    """An official 评审表 laid out once its content is frozen (通过形式审核), its marking
    hidden; each print stamps its own marking on it (documents/bodies.py, ADR 0041).

    One per application and ID-number form (the holder's print shows the number whole,
    everyone else's masked). `version` is the application's version it was laid out from
    and `layout` the templates and code that laid it out: a body whose either differs is
    stale and laid out again. The file is written before the row points at it.
    """

    application = models.ForeignKey(Application, models.CASCADE, related_name="+")
    full_id = models.BooleanField()
    version = models.PositiveIntegerField()
    layout = models.CharField(max_length=16)
    file = models.FileField(storage=private_storage, upload_to=BODY_FOLDER, max_length=200)
    # Where each page's marking goes and the PDF objects a stamp rewrites (documents.stamping).
    marks = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "full_id"], name="one_review_form_body_per_id_form"
            )
        ]
        verbose_name = _("评审表版面")
        verbose_name_plural = _("评审表版面")

    def __str__(self) -> str:
        return f"{self.application_id}-v{self.version}-{'full' if self.full_id else 'masked'}"
