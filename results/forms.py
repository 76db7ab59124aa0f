"""Forms of the results pages: they check what was typed and keep it when refused.

The rules themselves (votes, periods, eligibility) are asked of `results.rules` and
checked once more by `results.actions` inside the transaction.
"""

from __future__ import annotations

import unicodedata
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib.text import TextError, clean_name
from results import actions, rules
from results.models import Meeting, Publicity
from zhicheng.forms import PlatformForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OUTCOME_CHOICES = [(rules.PASSED, _("通过")), (rules.FAILED, _("不通过"))]


def _name(value: str, label: str, max_length: int) -> str:
    try:
        return clean_name(value, label=label, max_length=max_length)
    except TextError as error:
        raise ValidationError(str(error)) from None


def _note(value: str, label: str, max_length: int, required: bool) -> str:
    try:
        return actions.clean_note(value, label=label, max_length=max_length, required=required)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class TextForm(PlatformForm):
    """A form whose text fields leave NUL to our cleaners (lib.text.clean_name, clean_note),
    which name every control character the same way instead of Django's own message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]


class NoteField(forms.CharField):
    """Free text whose control characters and length are judged by `actions.clean_note`."""

    def __init__(self, *, max_chars: int, rows: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": rows, "maxlength": max_chars, "data-count": max_chars}),
        )
        super().__init__(strip=False, **kwargs)
        self.validators = []  # clean_note names NUL and the other control characters itself
        self.max_chars = max_chars

    def clean(self, value: Any) -> str:
        return _note(value, str(self.label), self.max_chars, self.required)


# --- 纸质材料 ------------------------------------------------------------------------------

PAPER_FILTER = [
    ("", _("全部")),
    ("received", _("已收到")),
    ("missing", _("材料缺失")),
    ("none", _("尚未登记")),
]


class PaperFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或申请书编号"), required=False, max_length=50)
    paper = forms.ChoiceField(label=_("纸质材料"), required=False, choices=PAPER_FILTER)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [("", _("全部年度")), *[(y, str(y)) for y in years]]

    def clean_q(self) -> str:
        return " ".join(unicodedata.normalize("NFKC", self.cleaned_data.get("q") or "").split())

    def value(self, name: str) -> Any:
        """A filter's value; a hand-edited bad value simply filters nothing."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


class PaperMarkForm(TextForm):
    status = forms.ChoiceField(
        label=_("纸质材料"),
        choices=[("received", _("已收到")), ("missing", _("材料缺失"))],
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        strip=False,
        max_length=400,
        widget=forms.TextInput(
            attrs={"maxlength": 300, "placeholder": _("说明（材料缺失时必填）")}
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = data.get("status") == "missing"
        try:
            data["note"] = actions.clean_note(
                data.get("note"),
                label=str(_("缺失说明") if missing else _("说明")),
                max_length=300,
                required=missing,
            )
        except ValueError as error:
            self.add_error("note", str(error))
        return data


# --- 会议评审 ------------------------------------------------------------------------------


class MeetingForm(TextForm):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    name = forms.CharField(
        label=_("会议名称"),
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("如 2026年度中级职称评审会议")}),
    )
    held_on = forms.DateField(label=_("会议日期"), widget=DATE_WIDGET)
    members = forms.IntegerField(
        label=_("委员人数"),
        min_value=1,
        max_value=rules.MAX_MEMBERS,
        help_text=_("本次会议评审委员会的委员人数；录入或导入结果时，出席委员须达到其三分之二"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = rules.today().year
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [(y, str(y)) for y in (this_year + 1, this_year, this_year - 1)]
        self.initial.setdefault("year", this_year)

    def clean_name(self) -> str:
        return _name(self.cleaned_data["name"], gettext("会议名称"), 100)


class ResultForm(forms.Form):
    """One application's votes. `auto_id` carries the row so many forms share a page."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    members_present = forms.IntegerField(
        label=_("出席人数"), min_value=1, max_value=rules.MAX_MEMBERS
    )
    votes_for = forms.IntegerField(label=_("赞成"), min_value=0, max_value=rules.MAX_MEMBERS)
    votes_against = forms.IntegerField(label=_("反对"), min_value=0, max_value=rules.MAX_MEMBERS)
    votes_abstain = forms.IntegerField(label=_("弃权"), min_value=0, max_value=rules.MAX_MEMBERS)
    outcome = forms.ChoiceField(label=_("结果"), choices=[("", "—"), *OUTCOME_CHOICES])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.error_messages["required"] = _("必填")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ("members_present", "votes_for", "votes_against", "votes_abstain", "outcome")
        if all(data.get(n) is not None and data.get(n) != "" for n in names):
            for key, message in rules.vote_errors(
                data["members_present"],
                data["votes_for"],
                data["votes_against"],
                data["votes_abstain"],
                data["outcome"],
            ).items():
                self.add_error(None if key == "votes" else key, message)
        return data


class ImportForm(PlatformForm):
    file = forms.FileField(
        label=_("评审结果表（.xlsx）"),
        error_messages={"empty": _("文件是空的，请重新选择。")},
        help_text=_("使用“下载模板”得到的表格填写，不超过 2MB。任何一行有错误时不导入任何结果。"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,"
                + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


# --- 公示 and 异议 ------------------------------------------------------------------------


class MeetingChoiceField(forms.ModelChoiceField[Meeting]):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.year} · {obj.name}（{obj.held_on:%Y-%m-%d}）"


class PublicityChoiceField(forms.ModelChoiceField[Publicity]):
    def label_from_instance(self, obj: Publicity) -> str:
        return gettext("%(title)s（%(start)s 至 %(end)s）") % {
            "title": obj.title,
            "start": f"{obj.starts_on:%Y-%m-%d}",
            "end": f"{obj.ends_on:%Y-%m-%d}",
        }


class PublicityForm(TextForm):
    meeting = MeetingChoiceField(label=_("评审会议"), queryset=Meeting.objects.none())
    title = forms.CharField(label=_("公示标题"), max_length=160)
    starts_on = forms.DateField(label=_("公示开始日期"), widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("公示结束日期"),
        widget=DATE_WIDGET,
        help_text=_(
            "公示期不少于 %(a)s 个工作日（法定节假日不计，调休上班日计入），不超过 %(b)s 天，期间任何人可提出异议。"
        )
        % {"a": rules.PUBLICITY_MIN_DAYS, "b": rules.PUBLICITY_MAX_DAYS},
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MeetingChoiceField, self.fields["meeting"]).queryset = meetings

    def clean_title(self) -> str:
        return _name(self.cleaned_data["title"], gettext("公示标题"), 150)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on"):
            for key, message in rules.period_errors(data["starts_on"], data["ends_on"]).items():
                self.add_error(key, message)
        return data


class ObjectionForm(TextForm):
    entry = forms.TypedChoiceField(label=_("异议对象"), coerce=int)
    name = forms.CharField(label=_("您的姓名"), max_length=60)
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=120,
        help_text=_("电话或电子邮箱，仅供评审委员会核实情况时联系您，不会公开。"),
    )
    text = NoteField(
        label=_("异议内容"),
        max_chars=2000,
        rows=6,
        help_text=_("请写明具体事实和线索（10 到 2000 字）。"),
    )

    def __init__(self, *args: Any, entries: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["entry"])
        field.choices = [("", _("请选择公示名单中的人员")), *entries]
        field.error_messages["invalid_choice"] = _("请从公示名单中选择异议对象。")

    def clean_name(self) -> str:
        return _name(self.cleaned_data["name"], gettext("姓名"), 50)

    def clean_contact(self) -> str:
        try:
            return actions.clean_contact(self.cleaned_data["contact"])
        except TextError as error:
            raise ValidationError(str(error)) from None

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if len(text) < 10:
            raise ValidationError(_("异议内容不少于 10 个字，请写明具体事实。"))
        return text


class DecideForm(PlatformForm):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("uphold", _("异议成立（撤出公示名单）")), ("dismiss", _("异议不成立"))],
        widget=forms.RadioSelect,
    )
    note = NoteField(label=_("处理意见"), max_chars=300, rows=2)


# --- 批文 ----------------------------------------------------------------------------------


class ApprovalForm(TextForm):
    publicity = PublicityChoiceField(label=_("公示"), queryset=Publicity.objects.none())
    number = forms.CharField(
        label=_("批文号"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": _("新职改〔2026〕12号")}),
    )
    issued_on = forms.DateField(label=_("发文日期"), widget=DATE_WIDGET)
    authority = forms.CharField(
        label=_("发文机关"),
        max_length=110,
        widget=forms.TextInput(attrs={"placeholder": _("如 新疆维吾尔自治区人力资源和社会保障厅")}),
    )

    def __init__(self, *args: Any, publicities: QuerySet[Publicity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PublicityChoiceField, self.fields["publicity"]).queryset = publicities

    def clean_number(self) -> str:
        try:
            return actions.clean_document_number(self.cleaned_data["number"])
        except TextError as error:
            raise ValidationError(str(error)) from None

    def clean_authority(self) -> str:
        return _name(self.cleaned_data["authority"], gettext("发文机关"), 100)


class SpecialApprovalForm(TextForm):
    """特殊人才认定 批文 issued directly: the applications picked, number, date, authority."""

    number = forms.CharField(
        label=_("批文号"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": _("新职改〔2026〕12号")}),
    )
    issued_on = forms.DateField(label=_("发文日期"), widget=DATE_WIDGET)
    authority = forms.CharField(
        label=_("发文机关"),
        max_length=110,
        widget=forms.TextInput(attrs={"placeholder": _("如 新疆维吾尔自治区人力资源和社会保障厅")}),
    )

    def clean_number(self) -> str:
        try:
            return actions.clean_document_number(self.cleaned_data["number"])
        except TextError as error:
            raise ValidationError(str(error)) from None

    def clean_authority(self) -> str:
        return _name(self.cleaned_data["authority"], gettext("发文机关"), 100)
