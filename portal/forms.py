"""The notice form of 通知公告管理."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lib.files import CheckedUpload
from lib.text import TextError, clean_name, clean_text_block
from orgs.models import Region
from portal.actions import MAX_ATTACHMENTS
from portal.models import Notice
from zhicheng.fields import checked_scan

BODY_MAX = 20000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by lib.files.check_upload."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedUpload]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(items) > MAX_ATTACHMENTS:
            raise ValidationError(_("每条通知最多 %(n)s 个附件。") % {"n": MAX_ATTACHMENTS})
        checked = []
        for item in items:
            scan = checked_scan(super().clean(item, initial))
            if scan is not None:
                checked.append(scan)
        return checked


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=Notice.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=150, strip=False)
    body = forms.CharField(label=_("正文"), strip=False, widget=forms.Textarea(attrs={"rows": 12}))
    region = forms.ModelChoiceField(
        label=_("区域"),
        queryset=Region.objects.filter(is_entry=True),
        required=False,
        empty_label=_("全疆"),
        error_messages={"invalid_choice": _("请选择有效的区域。")},
    )
    publish = forms.BooleanField(label=_("立即发布"), required=False, initial=True)
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("JPG、PNG 或 PDF，每个不超过 2MB，最多 5 个。"),
    )

    def __init__(self, *args: Any, with_region: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].validators = []
        self.fields["body"].validators = []
        if not with_region:
            del self.fields["region"]

    def clean_title(self) -> str:
        try:
            return clean_name(self.cleaned_data["title"], label=str(_("标题")), max_length=150)
        except TextError as exc:
            raise ValidationError(str(exc)) from None

    def clean_body(self) -> str:
        try:
            return clean_text_block(
                self.cleaned_data["body"], label=str(_("正文")), min_length=1, max_length=BODY_MAX
            )
        except TextError as exc:
            raise ValidationError(str(exc)) from None
