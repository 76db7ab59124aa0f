"""Forms of the fee pages: the reconciliation filter, confirming, refunding, the bank account."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lib.files import INVISIBLE
from lib.refusal import Refused
from payments.actions import clean_reference
from payments.models import PaymentOrder
from zhicheng.refusals import message_of

STATUS_FILTER = [("", _("全部状态")), *PaymentOrder.Status.choices]


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_FILTER)
    q = forms.CharField(
        label=_("姓名、申请书编号或订单号"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("姓名 / RSSQ 编号 / JF 订单号")}),
    )

    def clean_q(self) -> str:
        return " ".join(unicodedata.normalize("NFKC", self.cleaned_data.get("q") or "").split())


class VersionForm(forms.Form):
    """The version of the order the page was drawn from (stale-page protection)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ConfirmForm(VersionForm):
    reference = forms.CharField(
        label=_("银行流水号（交易参考号）"),
        max_length=80,
        help_text=_("见银行回单或对账单；同一流水号只能确认一次。"),
        error_messages={"required": _("请填写银行流水号（交易参考号）。")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_reference(self) -> str:
        try:
            return clean_reference(self.cleaned_data["reference"])
        except Refused as bad:
            raise ValidationError(message_of(bad)) from None


class RefundForm(VersionForm):
    reason = forms.CharField(
        label=_("退费原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3, "data-count": 200}),
        error_messages={"required": _("请填写退费原因。")},
    )

    def clean_reason(self) -> str:
        reason = " ".join((self.cleaned_data.get("reason") or "").split())
        if any(ch in INVISIBLE or unicodedata.category(ch) == "Cc" for ch in reason):
            raise ValidationError(_("退费原因中含有不可见的控制字符，请删除后重新输入。"))
        if len(reason) < 4:
            raise ValidationError(_("请填写退费原因（至少 4 个字）。"))
        return reason

    sure = forms.BooleanField(
        label=_("我已核实该笔缴费，确认登记退费（登记后不能撤销）"),
        error_messages={"required": _("请勾选确认后再登记退费。")},
    )


def _plain(value: str, label: str | Promise) -> str:
    value = " ".join(unicodedata.normalize("NFKC", value or "").split())
    if any(ch in INVISIBLE or unicodedata.category(ch) == "Cc" for ch in value):
        raise ValidationError(
            _("%(label)s中含有不可见的控制字符，请删除后重新输入。"), params={"label": label}
        )
    if "<" in value or ">" in value:
        raise ValidationError(_("%(label)s中不能含有 < 或 > 符号。"), params={"label": label})
    return value


class FeeAccountForm(forms.Form):
    payee = forms.CharField(label=_("收款单位(户名)"), max_length=100)
    bank = forms.CharField(label=_("开户银行"), max_length=100)
    account_number = forms.CharField(
        label=_("银行账号"), max_length=40, help_text=_("只填数字，可用空格分组")
    )
    instructions = forms.CharField(
        label=_("缴费说明"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-count": 1000}),
        help_text=_("缴费时间、注意事项等，显示在申请人的缴费页面上"),
    )

    def clean_payee(self) -> str:
        return _plain(self.cleaned_data["payee"], _("收款单位"))

    def clean_bank(self) -> str:
        return _plain(self.cleaned_data["bank"], _("开户银行"))

    def clean_account_number(self) -> str:
        digits = "".join(unicodedata.normalize("NFKC", self.cleaned_data["account_number"]).split())
        if not re.fullmatch(r"[0-9]{8,32}", digits):
            raise ValidationError(_("银行账号应为 8 到 32 位数字。"))
        return digits

    def clean_instructions(self) -> str:
        text = (self.cleaned_data.get("instructions") or "").replace("\r\n", "\n").strip()
        if any(ch in INVISIBLE or (unicodedata.category(ch) == "Cc" and ch != "\n") for ch in text):
            raise ValidationError(_("缴费说明中含有不可见的控制字符，请删除后重新输入。"))
        return text
