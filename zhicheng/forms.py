"""Form behaviour shared by every app: plain Chinese messages for empty required fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _


def name_required_fields(form: forms.BaseForm) -> None:
    """“请填写单位名称。” instead of Django's generic “这个字段是必填项。”"""
    for field in form.fields.values():
        if (
            "required" not in field.error_messages
            or field.error_messages["required"] == forms.Field.default_error_messages["required"]
        ):
            if isinstance(field, (forms.FileField,)):
                message = _("请上传%(label)s。") % {"label": field.label}
            elif isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
                message = _("请选择%(label)s。") % {"label": field.label}
            else:
                message = _("请填写%(label)s。") % {"label": field.label}
            field.error_messages["required"] = message


class PlatformForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_required_fields(self)
