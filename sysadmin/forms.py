"""Forms of 系统设置 for committees, windows, chains, departments, scopes, units, users and
任职资格条件 (templates and the catalogue: `template_forms`): plain fields and rows, never JSON."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from catalog.models import BusinessType, Level, Series, Specialty
from lib.refusal import Refused
from lib.text import TextError, clean_name, clean_text_block
from orgs import chains, directory, windows
from orgs.forms import UnitCompleteForm
from orgs.models import ChainNode, Department, Region, ReviewCommittee
from zhicheng.refusals import message_of

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class VersionForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_FORMAT)


class WindowForm(VersionForm):
    business_type = forms.ChoiceField(
        label=_("业务类型"), choices=BusinessType.choices, initial=BusinessType.REVIEW
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    series = forms.ModelChoiceField(label=_("系列"), queryset=Series.objects.none())
    specialty = forms.ModelChoiceField(
        label=_("专业"),
        queryset=Specialty.objects.none(),
        required=False,
        empty_label=_("全部专业"),
        help_text=_("不选表示该系列所有专业"),
    )
    opens_at = forms.DateTimeField(
        label=_("开始时间"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT]
    )
    closes_at = forms.DateTimeField(
        label=_("截止时间"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        series_field: Any = self.fields["series"]
        series_field.queryset = Series.objects.filter(is_active=True)
        specialty_field: Any = self.fields["specialty"]
        specialty_field.queryset = Specialty.objects.select_related("series")
        specialty_field.label_from_instance = lambda s: f"{s.series.name}/{s.name}"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and opens >= closes:
            self.add_error("closes_at", _("截止时间必须晚于开始时间。"))
        series, specialty = data.get("series"), data.get("specialty")
        if series and specialty and specialty.series_id != series.pk:
            self.add_error("specialty", _("所选专业不属于所选系列。"))
        return data

    def window_data(self) -> windows.WindowData:
        d = self.cleaned_data
        return windows.WindowData(
            business_type=d["business_type"],
            year=d["year"],
            series=d["series"],
            specialty=d["specialty"],
            opens_at=d["opens_at"],
            closes_at=d["closes_at"],
        )


class LimitsFeesForm(VersionForm):
    submission_limit = forms.IntegerField(
        label=_("提交次数上限"), min_value=1, max_value=20, help_text=_("一般为 2 至 3 次")
    )
    fee_mode = forms.ChoiceField(label=_("缴费方式"), choices=ReviewCommittee.FeeMode.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level, label in Level.choices:
            self.fields[f"amount_{level}"] = forms.DecimalField(
                label=_("%(level)s评审费(元)") % {"level": label},
                required=False,
                min_value=0,
                max_digits=8,
                decimal_places=2,
                help_text=_("不收费的级别留空"),
            )

    def amount_fields(self) -> list[forms.BoundField]:
        return [self[f"amount_{level}"] for level in Level.values]

    def amounts(self) -> dict[int, Any]:
        return {int(level): self.cleaned_data[f"amount_{level}"] for level in Level.values}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("fee_mode") not in (None, ReviewCommittee.FeeMode.NONE) and all(
            data.get(f"amount_{level}") is None for level in Level.values
        ):
            raise forms.ValidationError(_("收费的评审委员会至少要设置一个级别的金额。"))
        return data


class ContactForm(forms.Form):
    name = forms.CharField(label=_("联系人"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    duty = forms.CharField(label=_("职责"), max_length=50, required=False)


ContactFormSet = formset_factory(ContactForm, extra=2, can_delete=True)


def contacts_of(formset: Any) -> list[directory.ContactData]:
    return [
        directory.ContactData(
            name=f.cleaned_data["name"],
            phone=f.cleaned_data["phone"],
            duty=f.cleaned_data.get("duty", ""),
        )
        for f in formset.forms
        if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class CommitteeForm(VersionForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    region = forms.ModelChoiceField(label=_("所属区域"), queryset=Region.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    paper_deadline = forms.DateField(
        label=_("纸质材料报送截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    paper_contents = forms.CharField(
        label=_("纸质材料报送内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    paper_binding = forms.CharField(
        label=_("装订方式"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    special_needs_meeting = forms.BooleanField(
        label=_("特殊人才认定须经会议评审"),
        required=False,
        help_text=_("不勾选时，通过形式审核的特殊人才认定申请书由评审机构直接发文"),
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        region_field.queryset = regions

    def facts(self) -> directory.CommitteeFacts:
        d = self.cleaned_data
        return directory.CommitteeFacts(
            name=d["name"].strip(),
            region=d["region"],
            address=d["address"],
            paper_deadline=d["paper_deadline"],
            paper_contents=d["paper_contents"],
            paper_binding=d["paper_binding"],
            is_active=d["is_active"],
            special_needs_meeting=d["special_needs_meeting"],
        )


class DepartmentForm(VersionForm):
    name = forms.CharField(label=_("部门名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Department.Kind.choices)
    level = forms.ChoiceField(label=_("层级"), choices=Department.Level.choices)
    region = forms.ModelChoiceField(label=_("所属区域"), queryset=Region.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        region_field.queryset = regions

    def facts(self) -> directory.DepartmentFacts:
        d = self.cleaned_data
        return directory.DepartmentFacts(
            name=d["name"].strip(),
            kind=d["kind"],
            level=d["level"],
            region=d["region"],
            address=d["address"],
            is_active=d["is_active"],
        )


class NodeForm(forms.Form):
    position = forms.IntegerField(label=_("顺序"), min_value=1, max_value=50)
    label = forms.CharField(label=_("节点名称"), max_length=50)
    actor = forms.ChoiceField(label=_("办理方"), choices=ChainNode.Actor.choices)
    department = forms.ModelChoiceField(
        label=_("指定部门"),
        queryset=Department.objects.filter(is_active=True).select_related("region"),
        required=False,
    )
    department_level = forms.ChoiceField(
        label=_("推荐单位层级"),
        choices=[("", "---------"), *Department.Level.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department_field: Any = self.fields["department"]
        department_field.label_from_instance = lambda d: f"{d.region.name}·{d.name}"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        actor = data.get("actor")
        if actor == ChainNode.Actor.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("由指定部门办理的节点必须选择部门。"))
        if actor == ChainNode.Actor.RECOMMENDING and not data.get("department_level"):
            self.add_error("department_level", _("由推荐单位办理的节点必须选择层级。"))
        return data


class BaseNodeFormSet(forms.BaseFormSet):
    def kept(self) -> list[forms.Form]:
        return [
            f
            for f in self.forms
            if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        try:
            chains.validate_nodes(self.nodes())
        except Refused as error:
            raise forms.ValidationError(message_of(error)) from error

    def nodes(self) -> list[chains.NodeData]:
        return [
            chains.NodeData(
                position=f.cleaned_data["position"],
                label=f.cleaned_data["label"],
                actor=f.cleaned_data["actor"],
                department=f.cleaned_data.get("department"),
                department_level=f.cleaned_data.get("department_level") or "",
            )
            for f in self.kept()
        ]


NodeFormSet = formset_factory(NodeForm, formset=BaseNodeFormSet, extra=2, can_delete=True)


# ------------------------------------------------------------------- 评审范围 (scopes)


class ScopeCell:
    """One checkbox of the series × level grid."""

    def __init__(self, value: str, label: str, checked: bool) -> None:
        self.value, self.label, self.checked = value, label, checked


class ScopesForm(VersionForm):
    """评审范围: a checkbox per series and level; drawn as a grid by `grid()`."""

    scopes = forms.MultipleChoiceField(
        label=_("评审范围"),
        required=False,
        error_messages={"invalid_choice": _("所选系列或级别不存在，请重新选择。")},
    )

    def __init__(self, *args: Any, series: list[Series], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.series = series
        field: Any = self.fields["scopes"]
        field.choices = [
            (self.value_of(s.pk, level), f"{s.name}·{label}")
            for s in series
            for level, label in Level.choices
        ]

    @staticmethod
    def value_of(series_id: int, level: int) -> str:
        return f"{series_id}-{level}"

    def keys(self) -> list[tuple[int, int]]:
        """The chosen (series id, level) pairs."""
        pairs = (value.split("-") for value in self.cleaned_data["scopes"])
        return [(int(series_id), int(level)) for series_id, level in pairs]

    def grid(self) -> list[tuple[Series, list[ScopeCell]]]:
        """Rows of series, a cell per level, checked as typed (or as saved when unbound)."""
        chosen = {str(v) for v in self["scopes"].value() or []}
        return [
            (
                s,
                [
                    ScopeCell(
                        self.value_of(s.pk, level), str(label), self.value_of(s.pk, level) in chosen
                    )
                    for level, label in Level.choices
                ],
            )
            for s in self.series
        ]


# ------------------------------------------------------------------- 基层工作单位


class UnitDetailsForm(UnitCompleteForm):
    """The unit's own 完善单位信息 form without the licence: an hr_admin corrects details,
    the licence scan stays the unit's own evidence."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["licence"]


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("单位名称或统一社会信用代码"), max_length=50, required=False)


class UserSearchForm(forms.Form):
    q = forms.CharField(
        label=_("用户名或姓名"),
        max_length=50,
        required=False,
        help_text=_("不能按身份证号查找。"),
    )
    role = forms.ChoiceField(
        label=_("角色"), choices=[("", _("全部")), *Role.choices], required=False
    )


# ------------------------------------------------------------------- 任职资格条件


class ConditionTextForm(VersionForm):
    """The published text of a 任职资格条件; what the platform checks is set under 资格预审规则."""

    title = forms.CharField(label=_("标题"), max_length=100)
    text = forms.CharField(
        label=_("条件正文"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("分段请空一行；公开的“任职资格条件”页面按原样显示。"),
    )
    effective_year = forms.IntegerField(label=_("实施年度"), min_value=2000, max_value=2100)

    def clean_title(self) -> str:
        try:
            return clean_name(self.cleaned_data["title"], label=str(_("标题")), max_length=100)
        except TextError as error:
            raise ValidationError(str(error)) from None

    def clean_text(self) -> str:
        try:
            return clean_text_block(
                self.cleaned_data["text"], label=str(_("条件正文")), max_length=20000
            )
        except TextError as error:
            raise ValidationError(str(error)) from None
