"""找回用户名和密码: one-time codes, single-use reset grants and 账号申诉 appeals.

Secrets (codes, link tokens) are stored only as keyed digests; single use is enforced by
the row's state, changed under `select_for_update()` in recovery/actions.py.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import visibility
from zhicheng.uploads import private_storage, upload_path


class Via(models.TextChoices):
    SMS = "sms", _("注册手机验证码")
    EMAIL = "email", _("注册邮箱链接")
    IDENTITY = "identity", _("身份信息核验")
    APPEAL = "appeal", _("身份证件申诉")
    UNIT_APPEAL = "unit_appeal", _("单位账号申诉")


class RecoveryCode(models.Model):
    """A 6-digit code sent by SMS. Created even when no account matches, so both look alike."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    mobile = models.CharField(_("手机号"), max_length=11, db_index=True)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"code #{self.pk}"

    def is_open(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.used_at is None and self.invalidated_at is None and self.expires_at > moment


class ResetGrant(models.Model):
    """The right to set a new password once: an e-mail/SMS link or the step after a check."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    via = models.CharField(_("方式"), max_length=16, choices=Via.choices)
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("重置密码授权")
        verbose_name_plural = _("重置密码授权")

    def __str__(self) -> str:
        return f"grant #{self.pk} ({self.via})"


class Appeal(models.Model):
    """账号申诉: a person (ID-card image) or a unit (licence image), decided by hr_admin."""

    class Kind(models.TextChoices):
        PERSON = "person", _("个人账号申诉")
        UNIT = "unit", _("单位账号申诉")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The account the details point at; None when nothing matches (the reviewer rejects).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("匹配账号"),
    )
    real_name = models.CharField(_("姓名"), max_length=50, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    unit_name = models.CharField(_("单位名称"), max_length=100, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_mobile = models.CharField(_("联系手机"), max_length=11)
    contact_email = models.EmailField(_("联系邮箱"), max_length=254, blank=True)
    scan = models.FileField(
        _("证件扫描件"), storage=private_storage, upload_to=upload_path("appeals"), max_length=200
    )
    scan_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.CharField(_("审核意见"), max_length=500, blank=True)
    # The reset grant an approval made (its secret is made when the decision is sent), and
    # when the decision was sent: a second delivery of the sending task sends nothing.
    grant = models.ForeignKey(
        ResetGrant, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("账号申诉")
        verbose_name_plural = _("账号申诉")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def masked_id_number(self) -> str:
        # Only staff read an appeal: no reader of it is the holder of the number.
        return visibility.id_for(None, None, self.id_number)
