"""What reviewers write: per-section comments (栏目修改意见) and the unit's recommendation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application


class SectionComment(models.Model):
    """A reviewer's comment on one section, for one submission round at one node."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="comments")
    submission_no = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()
    node_label = models.CharField(max_length=50)
    section_key = models.SlugField(max_length=40)
    text = models.TextField(_("栏目修改意见"), max_length=1000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "submission_no", "position", "section_key"]
        verbose_name = _("栏目修改意见")
        verbose_name_plural = _("栏目修改意见")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "submission_no", "position", "section_key"],
                name="comment_one_per_section_node_round",
            )
        ]

    def __str__(self) -> str:
        return f"[{self.node_label}]{self.section_key}: {self.text[:30]}"


class Recommendation(models.Model):
    """单位推荐意见: saved by the base unit before it may pass the application on."""

    application = models.OneToOneField(Application, models.CASCADE, related_name="recommendation")
    responsible_person = models.CharField(_("职称工作负责人"), max_length=50)
    responsible_mobile = models.CharField(_("职称工作负责人手机"), max_length=11)
    opinion = models.TextField(_("单位推荐意见"), max_length=1000)
    submission_no = models.PositiveSmallIntegerField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("单位推荐意见")
        verbose_name_plural = _("单位推荐意见")

    def __str__(self) -> str:
        return f"{self.responsible_person}: {self.opinion[:30]}"
