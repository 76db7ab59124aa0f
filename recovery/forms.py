"""Forms of 找回用户名和密码 and 账号申诉. Field checks reuse the registration helpers."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import PasswordPairMixin
from accounts.models import User
from lib.files import CheckedUpload
from lib.text import TextError, clean_name, clean_text_block
from zhicheng.fields import (
    ID_NUMBER_ERRORS,
    SCAN_HELP,
    checked_id_number,
    checked_scan,
    clean_mobile,
    clean_person_name,
    clean_uscc,
)
from zhicheng.forms import PlatformForm

CODE = re.compile(r"^[0-9]{6}$")


class NoEchoInput(forms.TextInput):
    """A text box that never sends a typed value back: no full ID number in any response."""

    def format_value(self, value: Any) -> str | None:
        return None


def _scan(form: forms.Form) -> CheckedUpload:
    checked = checked_scan(form.cleaned_data.get("scan"))
    if checked is None:
        raise ValidationError(_("请上传扫描件。"))
    return checked


class MobileForm(PlatformForm):
    mobile = forms.CharField(
        label=_("注册手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )

    def clean_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["mobile"])


class CodeForm(PlatformForm):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not CODE.match(code):
            raise ValidationError(_("验证码为 6 位数字。"))
        return code


class EmailForm(PlatformForm):
    email = forms.EmailField(label=_("注册邮箱"), max_length=254)


class IdentityForm(PlatformForm):
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=40,
        error_messages=ID_NUMBER_ERRORS,
        help_text=_("出于安全考虑，提交后不再显示已填写的身份证号。"),
        widget=NoEchoInput(attrs={"autocomplete": "off"}),
    )
    real_name = forms.CharField(label=_("真实姓名"), max_length=60)
    contact = forms.CharField(
        label=_("注册手机号或邮箱"),
        max_length=254,
        help_text=_("填写注册时登记的手机号或电子邮箱。"),
    )

    def clean_id_number(self) -> str:
        return checked_id_number(self.cleaned_data["id_number"])

    def clean_real_name(self) -> str:
        return clean_person_name(self.cleaned_data["real_name"])

    def clean_contact(self) -> str:
        value = "".join(self.cleaned_data["contact"].split())
        if value.isdigit():
            return clean_mobile(value)
        try:
            forms.EmailField().clean(value)
        except ValidationError:
            raise ValidationError(_("请输入 11 位手机号或有效的电子邮箱。")) from None
        return value


class ContactMixin(forms.Form):
    contact_mobile = forms.CharField(
        label=_("联系手机"),
        max_length=20,
        help_text=_("审核结果和重置密码链接将以短信发送到此手机。"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    contact_email = forms.EmailField(
        label=_("联系邮箱"),
        max_length=254,
        required=False,
        help_text=_("选填；填写后审核结果也会发送到此邮箱。"),
    )

    def clean_contact_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["contact_mobile"])


class PersonAppealForm(ContactMixin, PlatformForm):
    id_number = IdentityForm.base_fields["id_number"]
    real_name = forms.CharField(label=_("真实姓名"), max_length=60)
    scan = forms.FileField(
        label=_("身份证扫描件"),
        help_text=SCAN_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    field_order = ["id_number", "real_name", "contact_mobile", "contact_email", "scan"]

    def clean_id_number(self) -> str:
        return checked_id_number(self.cleaned_data["id_number"])

    def clean_real_name(self) -> str:
        return clean_person_name(self.cleaned_data["real_name"])

    def clean_scan(self) -> CheckedUpload:
        return _scan(self)


class UnitAppealForm(ContactMixin, PlatformForm):
    unit_name = forms.CharField(
        label=_("单位名称"), max_length=100, help_text=_("与营业执照或法人证书上的名称一致。")
    )
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=40)
    contact_name = forms.CharField(label=_("新联系人"), max_length=60)
    scan = forms.FileField(
        label=_("营业执照或法人证书扫描件"),
        help_text=SCAN_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    field_order = [
        "unit_name",
        "uscc",
        "contact_name",
        "contact_mobile",
        "contact_email",
        "scan",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_mobile"].label = _("新联系人手机")
        self.fields["contact_email"].label = _("新联系人邮箱")

    def clean_unit_name(self) -> str:
        try:
            return clean_name(
                self.cleaned_data["unit_name"], label=str(_("单位名称")), max_length=100
            )
        except TextError as exc:
            raise ValidationError(str(exc)) from None

    def clean_uscc(self) -> str:
        return clean_uscc(self.cleaned_data["uscc"])

    def clean_contact_name(self) -> str:
        return clean_person_name(self.cleaned_data["contact_name"], label=str(_("联系人")))

    def clean_scan(self) -> CheckedUpload:
        return _scan(self)


class NewPasswordForm(PasswordPairMixin, PlatformForm):
    """设置新密码 for the recovered account; Django's password validators apply."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].label = _("新密码")
        self.fields["password2"].label = _("确认新密码")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_passwords(self.user)
        return data


class RejectForm(PlatformForm):
    reason = forms.CharField(
        label=_("驳回原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_reason(self) -> str:
        try:
            return clean_text_block(
                self.cleaned_data["reason"], label=str(_("驳回原因")), min_length=2, max_length=500
            )
        except TextError as exc:
            raise ValidationError(str(exc)) from None
