"""在线问答: an applicant's question to a committee and the committee's answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import ReviewCommittee


class Question(models.Model):
    """One question; staff of its committee answer it and may publish it to the FAQ."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="questions", verbose_name=_("提问人")
    )
    committee = models.ForeignKey(
        ReviewCommittee, models.CASCADE, related_name="questions", verbose_name=_("评审委员会")
    )
    text = models.TextField(_("问题"))
    asked_at = models.DateTimeField(_("提问时间"), auto_now_add=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    is_public = models.BooleanField(_("公开到常见问题"), default=False)

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        indexes = [
            models.Index(fields=["committee", "answered_at"], name="qa_committee_inbox"),
            models.Index(fields=["asker", "-asked_at"], name="qa_asker_recent"),
        ]

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
