"""The security audit log: an append-only record of who did what to what, from where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        EXPORTED = "exported", _("导出数据")
        CERTIFICATE_REVOKED = "certificate_revoked", _("撤销证书")
        APPEAL_DECIDED = "appeal_decided", _("账号申诉处理")
        API_TOKEN = "api_token", _("接口令牌")

    class Result(models.TextChoices):
        OK = "ok", _("成功")
        FAILED = "failed", _("失败")
        REFUSED = "refused", _("拒绝")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
        db_constraint=False,
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=32, blank=True)
    action = models.CharField(_("事件"), max_length=32, choices=Action.choices, db_index=True)
    target = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=16, choices=Result.choices, default="ok")
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor_name", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.result}"
