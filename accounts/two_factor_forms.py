"""Forms of the second factor: the sign-in code, 绑定, password confirmation, the reset reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lib.text import TextError, clean_text_block
from zhicheng.forms import PlatformForm

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "autofocus": True,
    "spellcheck": "false",
    "autocapitalize": "off",
}


class SignInCodeForm(PlatformForm):
    """登录第二步: the six digits of the authenticator app, or one recovery code."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=40,
        help_text=_(
            "打开手机上的身份验证器应用，输入显示的 6 位数字；手机不在身边时可输入一个恢复码。"
        ),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class PasswordConfirmForm(PlatformForm):
    """The account's password, asked again before its second factor changes."""

    password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise ValidationError(_("密码不正确。"))
        return password


class EnrolForm(PasswordConfirmForm):
    """确认绑定: the password and the first code the app shows after scanning."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=40,
        help_text=_("扫描二维码后，输入身份验证器应用显示的 6 位数字。"),
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric", "autofocus": False}),
    )
    # Which unconfirmed device the page showed; a stale or forged value is refused by the action.
    device = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    field_order = ["password", "code"]

    def clean_device(self) -> int:
        value = str(self.cleaned_data.get("device") or "")
        return int(value) if value.isdigit() else 0


class ResetForm(PlatformForm):
    """重置双因素认证: why (kept in the audit log)."""

    reason = forms.CharField(
        label=_("重置原因"),
        max_length=400,
        help_text=_("例如：手机丢失、更换手机。原因记入安全审计日志。"),
        widget=forms.Textarea(attrs={"rows": 3, "data-count": "200"}),
    )
    confirm = forms.BooleanField(
        label=_("我已核实是本人提出的申请，确认重置"),
        error_messages={"required": _("请勾选确认后再重置。")},
    )

    def clean_reason(self) -> str:
        try:
            return clean_text_block(
                self.cleaned_data["reason"], label=str(_("重置原因")), min_length=4, max_length=200
            )
        except TextError as exc:
            raise ValidationError(str(exc)) from None
