"""Forms of 在线问答."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lib.text import TextError, clean_text_block
from orgs.models import ReviewCommittee

MIN_LENGTH = 10
MAX_LENGTH = 1000


def clean_block(value: str, label: str) -> str:
    try:
        return clean_text_block(value, label=label, min_length=MIN_LENGTH, max_length=MAX_LENGTH)
    except TextError as exc:
        raise ValidationError(str(exc)) from None


class BlockField(forms.CharField):
    """Text judged by clean_text_block (which names a NUL like any control character)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strip=False, **kwargs)
        self.validators = []


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.region.name}）"


class AskForm(forms.Form):
    committee = CommitteeChoiceField(
        label=_("评审委员会"),
        queryset=ReviewCommittee.objects.none(),
        empty_label=_("请选择"),
        error_messages={
            "required": _("请选择评审委员会。"),
            "invalid_choice": _("只能向当前评审区域或自治区的评审委员会提问。"),
        },
    )
    text = BlockField(
        label=_("问题"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": str(MAX_LENGTH)}),
        help_text=_("10 到 1000 字。"),
        error_messages={"required": _("请输入问题。")},
    )

    def __init__(self, *args: Any, committees: QuerySet[ReviewCommittee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees  # type: ignore[attr-defined]

    def clean_text(self) -> str:
        return clean_block(self.cleaned_data["text"], str(_("问题")))


class AnswerForm(forms.Form):
    answer = BlockField(
        label=_("答复"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": str(MAX_LENGTH)}),
        help_text=_("10 到 1000 字。"),
        error_messages={"required": _("请输入答复。")},
    )
    publish = forms.BooleanField(label=_("公开到常见问题（不显示提问人）"), required=False)

    def clean_answer(self) -> str:
        return clean_block(self.cleaned_data["answer"], str(_("答复")))
