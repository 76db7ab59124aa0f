"""The 统计 filters: year, region, series, level, business type and the row grouping.

A filter that does not make sense ("abc" for a year, a region id that is not one of the
user's) is named beside its field and left out; the figures are drawn without it.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import BusinessType, Level, Series
from orgs.models import Region
from orgs.regions import region_label

FIRST_YEAR, LAST_YEAR = 2000, 2100

GROUP_CHOICES = [
    ("region", _("地区")),
    ("series", _("系列")),
    ("level", _("级别")),
    ("business_type", _("业务类型")),
    ("year", _("年度")),
]
DEFAULT_GROUP = "region"


def _any(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", _("全部")), *choices]


class StatsFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        # A text box, so what was typed ("abc") is shown back beside its message.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4", "size": "6"}),
        help_text=_("留空统计全部年度"),
        error_messages={
            "invalid": _("年度应为四位数字，例如 2026；此条件已忽略。"),
            "min_value": _("年度应在 %(a)s 至 %(b)s 之间；此条件已忽略。")
            % {"a": FIRST_YEAR, "b": LAST_YEAR},
            "max_value": _("年度应在 %(a)s 至 %(b)s 之间；此条件已忽略。")
            % {"a": FIRST_YEAR, "b": LAST_YEAR},
        },
    )
    region = forms.ChoiceField(
        label=_("地区"),
        required=False,
        error_messages={"invalid_choice": _("所选地区不存在或不在您的统计范围内；此条件已忽略。")},
    )
    series = forms.ChoiceField(
        label=_("系列"),
        required=False,
        error_messages={"invalid_choice": _("所选系列不存在；此条件已忽略。")},
    )
    level = forms.ChoiceField(
        label=_("级别"),
        required=False,
        choices=_any([(str(v), label) for v, label in Level.choices]),
        error_messages={"invalid_choice": _("所选级别不存在；此条件已忽略。")},
    )
    business_type = forms.ChoiceField(
        label=_("业务类型"),
        required=False,
        choices=_any(list(BusinessType.choices)),
        error_messages={"invalid_choice": _("所选业务类型不存在；此条件已忽略。")},
    )
    group = forms.ChoiceField(
        label=_("分组"),
        required=False,
        choices=GROUP_CHOICES,
        error_messages={"invalid_choice": _("没有这种分组方式；已按地区分组。")},
    )

    def __init__(
        self, data: Any, *, regions: list[Region], series: list[Series], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = _any(
            [(str(r.pk), region_label(r)) for r in regions]
        )
        cast(forms.ChoiceField, self.fields["series"]).choices = _any(
            [(str(s.pk), s.name) for s in series]
        )

    def filters(self) -> dict[str, Any]:
        """The valid filters only (an invalid field is simply absent): field → value."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        out: dict[str, Any] = {}
        if data.get("year") is not None:
            out["year"] = int(data["year"])
        for name in ("region", "series", "level"):
            if data.get(name):
                out[name] = int(data[name])
        if data.get("business_type"):
            out["business_type"] = data["business_type"]
        return out

    def grouping(self) -> str:
        self.is_valid()
        value = getattr(self, "cleaned_data", {}).get("group")
        return str(value) if value else DEFAULT_GROUP

    def description(self) -> str:
        """The filters in force, as one line (for the export's audit row and 说明 sheet)."""
        parts = []
        filters = self.filters()
        for name, field in self.fields.items():
            if name == "group" or name not in filters:
                continue
            value: Any = filters[name]
            if isinstance(field, forms.ChoiceField):
                value = dict(getattr(field, "choices", [])).get(str(value), value)
            parts.append(f"{field.label}={value}")
        return "，".join(parts) if parts else str(_("全部"))
