"""API tokens: a committee's read-only key for other systems (docs/adr/0025-rest-api.md).

The token itself is shown once when it is made and never stored: `digest` is its SHA-256.
A token is bound to one committee, carries read scopes and an expiry, and stays in the
table after revocation so the list and the audit log can still name it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import ReviewCommittee


class Scope(models.TextChoices):
    """What a token may read. Every scope is read-only; the API changes nothing."""

    APPLICATIONS = "applications:read", _("申请书办理状态")
    RESULTS = "results:read", _("评审结果（会议评审、公示、批文、证书）")


class ApiToken(models.Model):
    committee = models.ForeignKey(
        ReviewCommittee, models.PROTECT, related_name="api_tokens", verbose_name=_("评审委员会")
    )
    name = models.CharField(_("用途"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("权限"), default=list)
    expires_at = models.DateTimeField(_("有效期至"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("创建人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤销人"),
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="api_token_revoked_by_someone",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"

    @property
    def label(self) -> str:
        """How audit rows and messages name the token (never the token itself)."""
        return _("接口令牌 #%(pk)s「%(name)s」") % {"pk": self.pk, "name": self.name}

    @property
    def last_day(self) -> date:
        """The last day it is valid (expires_at is the midnight after it, Beijing time)."""
        return timezone.localdate(self.expires_at - timedelta(microseconds=1))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]
