"""Forms of the expert-review pages; the rules are checked again by the actions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.models import Series, Specialty
from experts.models import Seat, Vote
from zhicheng.forms import PlatformForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SeriesField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Series.objects.filter(is_active=True).order_by("sort_order", "pk"),
            label=_("系列"),
            empty_label=_("请选择"),
            **kwargs,
        )


class ExpertForm(PlatformForm):
    series = SeriesField()
    name = forms.CharField(label=_("姓名"), max_length=50)
    title = forms.CharField(label=_("职称"), max_length=50, help_text=_("如 研究员、正高级教师"))
    specialty = forms.CharField(label=_("专业"), max_length=50, help_text=_("系列中的专业名称"))
    unit_name = forms.CharField(label=_("工作单位"), max_length=100)
    region = forms.CharField(label=_("地区"), max_length=50, help_text=_("如 乌鲁木齐市"))
    mobile = forms.CharField(label=_("手机号"), max_length=20)


class ImportForm(PlatformForm):
    series = SeriesField()
    file = forms.FileField(
        label=_("专家名单（.xlsx）"),
        help_text=_("第 1 行表头：姓名、职称、专业、工作单位、地区、手机号"),
    )


class RelationForm(PlatformForm):
    name = forms.CharField(label=_("关系人姓名"), max_length=50)
    id_number = forms.CharField(label=_("关系人身份证号"), max_length=30)
    kind = forms.CharField(label=_("关系"), max_length=30, help_text=_("如 配偶、直系亲属、导师"))


class DrawForm(PlatformForm):
    size = forms.IntegerField(label=_("评审专家人数"), min_value=3, max_value=99, initial=7)

    def __init__(self, *args: Any, specialties: QuerySet[Specialty], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.specialties = list(specialties)
        for spec in self.specialties:
            self.fields[f"spec_{spec.pk}"] = forms.IntegerField(
                label=_("其中 %(s)s 专业至少") % {"s": spec.name},
                min_value=0,
                max_value=99,
                required=False,
            )

    def by_specialty(self) -> dict[int, int]:
        return {spec.pk: self.cleaned_data.get(f"spec_{spec.pk}") or 0 for spec in self.specialties}


class SeatsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.expert.name)


class CloseForm(PlatformForm):
    attended = SeatsField(
        queryset=Seat.objects.none(),
        label=_("出席专家"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, seats: QuerySet[Seat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["attended"])
        field.queryset = seats


class RecheckPeriodForm(PlatformForm):
    until = forms.DateField(label=_("复查申请截止日期"), widget=DATE_WIDGET)


class VoteForm(PlatformForm):
    choice = forms.ChoiceField(
        label=_("表决意见"), choices=Vote.Choice.choices, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label=_("评审意见（可不填）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )


class ReasonForm(PlatformForm):
    reason = forms.CharField(label=_("原因"), max_length=200)


class RecheckForm(PlatformForm):
    reasons = forms.CharField(
        label=_("复查理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )
    attachments = forms.FileField(
        label=_("证明材料（JPG、PNG 或 PDF，每个不超过 2MB，可不传）"), required=False
    )


class DecideRecheckForm(PlatformForm):
    uphold = forms.TypedChoiceField(
        label=_("处理结果"),
        choices=[("1", _("同意复查，重新表决")), ("0", _("不予复查"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    revote_meeting = forms.TypedChoiceField(
        label=_("复查表决的会议"), coerce=int, required=False, choices=[]
    )
    note = forms.CharField(
        label=_("处理意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, meetings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["revote_meeting"])
        field.choices = [("", _("请选择")), *meetings]


class ComplaintForm(PlatformForm):
    committee = forms.TypedChoiceField(label=_("评审委员会"), coerce=int, choices=[])
    text = forms.CharField(
        label=_("投诉内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, committees: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["committee"])
        field.choices = [("", _("请选择")), *committees]


class PublicComplaintForm(ComplaintForm):
    """投诉 without an account: name and contact optional (given, staff may reach the author)."""

    name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    contact = forms.CharField(
        label=_("联系方式（可不填）"),
        max_length=100,
        required=False,
        help_text=_("不登录提交的投诉无法在平台上查看答复；如需答复请留下联系方式"),
    )


class AnswerForm(PlatformForm):
    answer = forms.CharField(
        label=_("答复"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
