"""The 资格预审规则 form of 系统设置: plain fields, checked here and again by the action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.actions import RuleData, validate
from catalog.models import (
    MAX_HOURS_PER_YEAR,
    MAX_HOURS_YEARS,
    MAX_RULE_YEARS,
    Education,
    YearsBasis,
)
from catalog.rules import SlotChoice
from lib.refusal import Refused
from zhicheng.refusals import add_refusal

NO_EDUCATION = [("", _("不限"))]
YEARS_MESSAGES = {
    "min_value": _("年限不能为负数。"),
    "max_value": _("年限不能超过 %(limit_value)s 年。"),
    "invalid": _("请填写整数年限。"),
}
CHOICE_MESSAGES = {"invalid_choice": _("请选择列表中的选项。")}


class EligibilityRuleForm(forms.Form):
    min_education = forms.ChoiceField(
        label=_("最低学历"),
        choices=NO_EDUCATION + list(Education.choices),
        required=False,
        error_messages=CHOICE_MESSAGES,
        help_text=_("按申报人填写的最高学历、学历学位情况中的学历和学位判断"),
    )
    years_basis = forms.ChoiceField(
        label=_("任职年限起算"),
        choices=[("", _("不要求年限"))] + list(YearsBasis.choices),
        required=False,
        error_messages=CHOICE_MESSAGES,
        help_text=_(
            "取得现职称：专业技术资格栏目中最近的取得时间；参加工作：基本信息中的参加工作时间"
        ),
    )
    min_years = forms.IntegerField(
        label=_("最少年限（年）"),
        min_value=0,
        max_value=MAX_RULE_YEARS,
        required=False,
        error_messages=YEARS_MESSAGES,
        help_text=_("计算至申报年度的 12 月 31 日"),
    )
    hours_per_year = forms.IntegerField(
        label=_("继续教育每年学时"),
        min_value=1,
        max_value=MAX_HOURS_PER_YEAR,
        required=False,
        error_messages={
            "min_value": _("学时至少为 1；不要求学时的请留空。"),
            "max_value": _("每年学时不能超过 %(limit_value)s。"),
            "invalid": _("请填写整数学时。"),
        },
        help_text=_("以基层工作单位确认的继续教育学时为准；留空表示不检查"),
    )
    hours_years = forms.IntegerField(
        label=_("继续教育计算年数"),
        min_value=1,
        max_value=MAX_HOURS_YEARS,
        initial=3,
        error_messages={
            "required": _("请填写计算年数。"),
            "min_value": _("计算年数至少为 1 年。"),
            "max_value": _("计算年数不能超过 %(limit_value)s 年。"),
            "invalid": _("请填写整数年数。"),
        },
        help_text=_("申报年度之前的若干年，每年都须达到上面的学时"),
    )
    required_slots = forms.MultipleChoiceField(
        label=_("必备附件"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("请选择模板中的附件。")},
        help_text=_("勾选的附件栏目中必须上传了文件"),
    )
    southern_min_education = forms.ChoiceField(
        label=_("南疆四地州最低学历"),
        choices=[("", _("同一般要求"))] + list(Education.choices),
        required=False,
        error_messages=CHOICE_MESSAGES,
        help_text=_("只对喀什、和田、阿克苏、克孜勒苏及所辖县(市)的单位适用"),
    )
    southern_min_years = forms.IntegerField(
        label=_("南疆四地州最少年限（年）"),
        min_value=0,
        max_value=MAX_RULE_YEARS,
        required=False,
        error_messages=YEARS_MESSAGES,
        help_text=_("只对南疆四地州的单位适用；留空表示同一般要求"),
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("规则表达不了的情形（如硕士学位可缩短年限），提示单位人工核实"),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, slots: list[SlotChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["required_slots"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        field.choices = [
            (s.key, f"{s.label}{_('（模板已设为必传）') if s.template_required else ''}")
            for s in slots
        ]

    def data_for_action(self) -> RuleData:
        c = self.cleaned_data
        return RuleData(
            min_education=c["min_education"],
            years_basis=c["years_basis"],
            min_years=c["min_years"],
            hours_per_year=c["hours_per_year"],
            hours_years=c["hours_years"],
            required_slots=tuple(c["required_slots"]),
            southern_min_education=c["southern_min_education"],
            southern_min_years=c["southern_min_years"],
            note=c["note"].strip(),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                validate(self.data_for_action())
            except Refused as error:
                add_refusal(self, error)
        return cleaned

    @staticmethod
    def initial_for(data: RuleData, revision: int | None) -> dict[str, Any]:
        return {
            "min_education": data.min_education,
            "years_basis": data.years_basis,
            "min_years": data.min_years,
            "hours_per_year": data.hours_per_year,
            "hours_years": data.hours_years,
            "required_slots": list(data.required_slots),
            "southern_min_education": data.southern_min_education,
            "southern_min_years": data.southern_min_years,
            "note": data.note,
            "revision": revision,
        }
