"""Forms of the certificate pages: public 证书查验, the staff list filters and 撤销."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certificates.actions import REASON_MAX, REASON_MIN
from certificates.models import Certificate
from lib.text import TextError, clean_name
from reviews.forms import LongTextField
from zhicheng.forms import PlatformForm

NUMBER_PATTERN = re.compile(r"^XJ[0-9]{6}-[0-9]{4}-[0-9]{6,9}$")


def normalise_number(raw: str) -> str:
    """Full-width characters to ASCII (a Chinese IME types ＸＪ６５…), spaces out, upper case."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(text.split()).upper()


class VerifyForm(PlatformForm):
    """证书查验: the certificate number and the holder's name, both as printed."""

    number = forms.CharField(
        label=_("证书编号"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "placeholder": "XJ650000-2026-000123",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("请输入证书上的持证人姓名。"),
    )

    def clean_number(self) -> str:
        number = normalise_number(self.cleaned_data["number"])
        if not NUMBER_PATTERN.match(number):
            raise ValidationError(_("证书编号格式不正确，应如 XJ650000-2026-000123。"))
        return number

    def clean_name(self) -> str:
        try:
            return clean_name(self.cleaned_data["name"], label=str(_("姓名")), max_length=50)
        except TextError as exc:
            raise ValidationError(str(exc)) from None


STATUS_FILTER = [("", _("全部状态")), *Certificate.Status.choices]


class ManageFilterForm(forms.Form):
    """证书管理 filters: number, name and status. A bad value simply filters nothing."""

    number = forms.CharField(label=_("证书编号"), required=False, max_length=40)
    name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_FILTER)

    def clean_number(self) -> str:
        return normalise_number(self.cleaned_data.get("number") or "")

    def clean_name(self) -> str:
        return " ".join(unicodedata.normalize("NFKC", self.cleaned_data.get("name") or "").split())

    def value(self, name: str) -> Any:
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


class RevokeForm(PlatformForm):
    """撤销证书: the reason, 2 to 300 characters, shown on the public verification page."""

    reason = LongTextField(
        label=_("撤销原因"),
        min_chars=REASON_MIN,
        max_chars=REASON_MAX,
        rows=3,
        help_text=_("2 到 300 字。撤销原因将在证书查验页面公开显示。"),
        error_messages={"length": _("撤销原因应为 2 到 300 字（当前 %(n)s 字）。")},
    )
