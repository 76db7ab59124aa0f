"""The 安全审计 search form: what the hr_admin typed is kept, bad input is named beside its field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from audit.models import AuditEvent

FIRST_YEAR, LAST_YEAR = 2000, 2100


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _any(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("全部")), *choices]


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("操作人账号"), max_length=150, required=False)
    target = forms.CharField(label=_("对象或说明"), max_length=100, required=False)
    action = forms.ChoiceField(
        label=_("事件"), choices=_any(AuditEvent.Action.choices), required=False
    )
    result = forms.ChoiceField(
        label=_("结果"), choices=_any(AuditEvent.Result.choices), required=False
    )
    role = forms.ChoiceField(label=_("角色"), choices=_any(Role.choices), required=False)
    date_from = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("请按“年-月-日”填写日期，例如 2026-01-31。")},
    )
    date_to = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("请按“年-月-日”填写日期，例如 2026-01-31。")},
    )

    def _clean_date(self, name: str) -> date | None:
        value: date | None = self.cleaned_data.get(name)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("请填写 %(a)s 年至 %(b)s 年之间的日期。") % {"a": FIRST_YEAR, "b": LAST_YEAR}
            )
        return value

    def clean_date_from(self) -> date | None:
        return self._clean_date("date_from")

    def clean_date_to(self) -> date | None:
        return self._clean_date("date_to")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        for name in ("username", "target"):
            if name in data:
                data[name] = " ".join(str(data[name]).split())
        return data

    def description(self) -> str:
        """The filters in force, as one line (written into the export's audit row)."""
        if not self.is_valid():
            return ""
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(field, forms.ChoiceField):
                value = dict(getattr(field, "choices", [])).get(value, value)
            parts.append(f"{field.label}={value}")
        return "，".join(parts) if parts else str(_("全部"))
