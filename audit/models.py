"""The security audit log: an append-only record of who did what to what, from where."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or delete an audit row through the application."""

    def __init__(self) -> None:
        super().__init__(str(_("安全审计记录不能修改或删除。")))


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads only: every bulk write path of a queryset is refused.

    Old rows leave only through `audit.actions.purge_expired`, which deletes by SQL what the
    database itself (the PostgreSQL trigger) also allows: rows older than the retention.
    """

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable()

    def delete(self) -> NoReturn:
        raise AuditLogImmutable()

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        raise AuditLogImmutable()


class AuditEvent(models.Model):
    """One security-relevant event. Never updated or deleted by the application."""

    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("账号锁定")
        LOGOUT = "logout", _("退出")
        OTP_ENROLLED = "otp_enrolled", _("绑定双因素认证")
        OTP_VERIFIED = "otp_verified", _("双因素认证通过")
        OTP_FAILED = "otp_failed", _("双因素认证失败")
        OTP_RECOVERY_USED = "otp_recovery_used", _("使用恢复码")
        OTP_RESET = "otp_reset", _("重置双因素认证")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        PASSWORD_RECOVERED = "password_recovered", _("找回密码")
        ROLE_CHANGED = "role_changed", _("角色或权限变更")
        SETTINGS_CHANGED = "settings_changed", _("系统设置变更")
        ADMIN_CHANGED = "admin_changed", _("管理后台操作")
        EXPORTED = "exported", _("导出数据")
        CERTIFICATE_REVOKED = "certificate_revoked", _("撤销证书")
        APPEAL_DECIDED = "appeal_decided", _("账号申诉处理")
        API_TOKEN = "api_token", _("接口令牌")

    class Result(models.TextChoices):
        OK = "ok", _("成功")
        FAILED = "failed", _("失败")
        REFUSED = "refused", _("拒绝")

    # A default, not auto_now_add: rows are written only by audit.actions.record (which never
    # passes `at`), and tests of the retention need rows that are already old.
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    # DO_NOTHING without a database constraint: deleting an account must not touch its audit
    # rows (an UPDATE … SET NULL would be refused by the trigger, and history must stay).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
        db_constraint=False,
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=32, blank=True)
    # The region the actor acted for when the event happened (their unit's, department's,
    # committee's or administered region, counties folded into their prefecture); it decides
    # which prefecture hr_admin sees the row (docs/adr/0022-security-audit-log.md).
    region = models.ForeignKey(
        "orgs.Region",
        models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属区域"),
        db_constraint=False,
    )
    action = models.CharField(_("事件"), max_length=32, choices=Action.choices, db_index=True)
    target = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=16, choices=Result.choices, default="ok")
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["actor_name", "-at"]),
            models.Index(fields=["region", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.result}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: saving a row that already exists is refused."""
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AuditLogImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable()
