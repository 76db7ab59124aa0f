"""Reviewer forms: list filters, 栏目修改意见, 单位推荐意见, 退回 and 提交/审核通过.

The forms check what a person typed and say what is wrong next to the field; the
actions in `reviews.actions` check the rest (is it still at your node, unchanged …).
"""

from __future__ import annotations

import unicodedata
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from applications.models import Status
from catalog.models import Level, Title
from lib.files import INVISIBLE
from zhicheng.fields import clean_mobile, clean_person_name
from zhicheng.forms import PlatformForm

OPINION_MAX = 1000
RECOMMENDATION_MIN = 10

# What 申请书查询 offers under 状态; DRAFT after a submission means the applicant recalled it.
STATUS_FILTER = [
    ("", _("全部状态")),
    (Status.IN_REVIEW, _("审核中")),
    (Status.RETURNED, _("退回修改")),
    (Status.DRAFT, _("申请人已收回")),
    (Status.PASSED, _("通过形式审核")),
]


def clean_long_text(value: str | None, *, label: str) -> str:
    """Free text of a reviewer: CRLF counted as one character (as the page counter does),
    no invisible control characters, outer white space (full-width too) removed."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if any(
        ch in INVISIBLE or (unicodedata.category(ch) == "Cc" and ch not in "\n\t") for ch in text
    ):
        raise ValidationError(
            _("%(label)s中含有不可见的控制字符，请删除后重新输入。") % {"label": label}
        )
    return text.strip()


class LongTextField(forms.CharField):
    """An opinion box: judged by `clean_long_text` and counted up to `max_chars`.

    Django's own NUL-character message is replaced by ours, which names every control
    character the same way; the length is checked after CRLF is counted as one.
    """

    def __init__(
        self, *, min_chars: int = 0, max_chars: int = OPINION_MAX, rows: int = 5, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": rows, "data-count": max_chars, "maxlength": max_chars}),
        )
        super().__init__(strip=False, **kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.min_chars, self.max_chars = min_chars, max_chars

    def clean(self, value: Any) -> str:
        text = clean_long_text(value, label=str(self.label))
        if not text and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if text and len(text) < self.min_chars or len(text) > self.max_chars:
            raise ValidationError(self.error_messages["length"] % {"n": len(text)}, code="length")
        return text


class FilterForm(forms.Form):
    """条件 (applicant name or RSSQ number), 申请级别, 申请资格 and, in 申请书查询, 状态."""

    q = forms.CharField(
        label=_("姓名或申请书编号"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("申请人姓名或 RSSQ 编号")}),
    )
    level = forms.TypedChoiceField(
        label=_("申请级别"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全部级别")), *Level.choices],
    )
    title = forms.TypedChoiceField(
        label=_("申请资格"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_FILTER)

    def __init__(self, *args: Any, titles: list[Title], with_status: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        title_field = cast(forms.TypedChoiceField, self.fields["title"])
        title_field.choices = [("", _("全部资格")), *[(t.pk, str(t)) for t in titles]]
        if not with_status:
            del self.fields["status"]

    def clean_q(self) -> str:
        return " ".join(unicodedata.normalize("NFKC", self.cleaned_data.get("q") or "").split())

    def value(self, name: str) -> Any:
        """A filter's cleaned value; a bad value (hand-edited URL) simply filters nothing."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


class CommentForm(forms.Form):
    """栏目修改意见 of one section; empty removes the saved comment."""

    text = LongTextField(
        label=_("栏目修改意见"),
        required=False,
        rows=2,
        error_messages={"length": _("栏目修改意见不能超过 1000 字（当前 %(n)s 字）。")},
    )


class RecommendationForm(PlatformForm):
    """单位推荐意见: 职称工作负责人, 手机 and an opinion of 10 to 1000 characters."""

    person = forms.CharField(label=_("职称工作负责人"), max_length=60)
    mobile = forms.CharField(
        label=_("职称工作负责人手机"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    opinion = LongTextField(
        label=_("单位推荐意见"),
        help_text=_("10 到 1000 字之间。"),
        rows=8,
        min_chars=RECOMMENDATION_MIN,
        error_messages={
            "required": _("请填写单位推荐意见（10 到 1000 字之间），不能只有空格。"),
            "length": _("单位推荐意见应在 10 到 1000 字之间，当前 %(n)s 字。"),
        },
    )

    def clean_person(self) -> str:
        return clean_person_name(
            self.cleaned_data["person"], label=str(self.fields["person"].label)
        )

    def clean_mobile(self) -> str:
        return clean_mobile(self.cleaned_data["mobile"])


class VersionForm(forms.Form):
    """The application's version the page was drawn from, so a stale page changes nothing."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReturnForm(VersionForm):
    opinion = LongTextField(
        label=_("退回意见"),
        help_text=_("说明需要修改的内容；各栏目的修改意见会一并以红色显示给申请人。"),
        error_messages={
            "required": _("请填写退回意见，说明需要修改的内容。"),
            "length": _("退回意见不能超过 1000 字（当前 %(n)s 字）。"),
        },
    )


class PassForm(VersionForm):
    opinion = LongTextField(
        label=_("审核意见（选填）"),
        required=False,
        rows=3,
        error_messages={"length": _("审核意见不能超过 1000 字（当前 %(n)s 字）。")},
    )
