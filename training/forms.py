"""Forms of 继续教育."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.text import TextError, clean_name
from orgs.models import BaseUnit
from training.models import TrainingRecord
from zhicheng.fields import SCAN_HELP, checked_scan


def _clean(value: str, label: str, max_length: int) -> str:
    try:
        return clean_name(value, label=label, max_length=max_length)
    except TextError as exc:
        raise ValidationError(str(exc)) from None


class RecordForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("年度"),
        coerce=int,
        choices=(),
        error_messages={"invalid_choice": _("请选择近十年内的年度。")},
    )
    category = forms.ChoiceField(label=_("类别"), choices=TrainingRecord.Category.choices)
    hours = forms.DecimalField(
        label=_("学时"),
        min_value=Decimal("0.5"),
        max_value=Decimal("500"),
        max_digits=5,
        decimal_places=1,
        error_messages={
            "invalid": _("请输入学时数，如 24 或 12.5。"),
            "min_value": _("学时应在 0.5 到 500 之间。"),
            "max_value": _("学时应在 0.5 到 500 之间。"),
            "max_decimal_places": _("学时最多保留 1 位小数。"),
            "max_digits": _("学时应在 0.5 到 500 之间。"),
        },
    )
    content = forms.CharField(
        label=_("培训内容"), max_length=200, strip=False, widget=forms.TextInput()
    )
    unit_code = forms.CharField(
        label=_("确认单位（统一社会信用代码）"),
        max_length=40,
        help_text=_("由该基层工作单位管理员确认学时；默认为最近一份申请书的工作单位。"),
    )
    evidence = forms.FileField(label=_("证明材料"), help_text=SCAN_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - 10, -1)]  # type: ignore[attr-defined]
        self.fields["content"].validators = []

    def clean_content(self) -> str:
        return _clean(self.cleaned_data["content"], str(self.fields["content"].label), 200)

    def clean_unit_code(self) -> BaseUnit:
        code = "".join((self.cleaned_data["unit_code"] or "").split()).upper()
        unit = BaseUnit.objects.filter(uscc=code).first()
        if unit is None:
            raise ValidationError(_("没有找到该统一社会信用代码对应的已注册单位。"))
        return unit

    def clean_evidence(self) -> Any:
        return checked_scan(self.cleaned_data.get("evidence"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=200, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].validators = []

    def clean_reason(self) -> str:
        return _clean(self.cleaned_data["reason"], str(self.fields["reason"].label), 200)
