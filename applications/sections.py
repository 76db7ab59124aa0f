"""Forms built from a template's sections: validation for saving and for completeness.

A section's saved data is what its form's cleaned data serialises to: `{key: value}`,
or `{"rows": [{key: value}, ...]}` for a repeatable section. Values are JSON-friendly
strings (dates as YYYY-MM-DD, decimals as text).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import TemplateField, TemplateSection
from lib.files import INVISIBLE
from lib.mobile import clean_mobile
from lib.refusal import Refused
from zhicheng.localnames import local_name
from zhicheng.refusals import message_of

# The stored answers of a 是/否 field (data), shown in the user's language.
YES, NO = "是", "否"  # i18n: data
YES_NO = [(YES, gettext_lazy("是")), (NO, gettext_lazy("否"))]


class MobileField(forms.CharField):
    """A 手机 field of a template: the one mobile rule (`lib.mobile`), stored normalised."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value:
            return value
        try:
            return clean_mobile(value)
        except Refused as refused:
            raise ValidationError(message_of(refused)) from None


MONTH = RegexValidator(
    r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$", gettext_lazy("请按 年-月 填写，如 2019-09。")
)


def no_control_characters(value: str) -> None:
    if any(
        ch in INVISIBLE or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t") for ch in value
    ):
        raise ValidationError(_("内容中含有不可见的控制字符，请删除后重新输入。"))


def _bounds(field: TemplateField) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if field.min_value is not None:
        kwargs["min_value"] = field.min_value
    if field.max_value is not None:
        kwargs["max_value"] = field.max_value
    return kwargs


def form_field(field: TemplateField) -> forms.Field | None:
    """The Django form field for a template field; None for values the system fills in."""
    common: dict[str, Any] = {
        "label": local_name(field, "label"),
        "required": field.required,
        "help_text": field.hint,
        "error_messages": {
            "required": _("请填写%(label)s。") % {"label": local_name(field, "label")}
        },
    }
    t = TemplateField.Type
    if field.type == t.AUTO:
        return None
    if field.type in (t.TEXT, t.TEXTAREA):
        limit = field.max_length or (2000 if field.type == t.TEXTAREA else 200)
        widget = (
            forms.Textarea(attrs={"rows": 4, "data-count": limit})
            if field.type == t.TEXTAREA
            else None
        )
        return forms.CharField(
            max_length=limit, validators=[no_control_characters], widget=widget, **common
        )
    if field.type == t.INTEGER:
        kwargs: dict[str, Any] = {**common, **{k: int(v) for k, v in _bounds(field).items()}}
        return forms.IntegerField(**kwargs)
    if field.type == t.DECIMAL:
        return forms.DecimalField(max_digits=10, decimal_places=2, **_bounds(field), **common)
    if field.type == t.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            validators=[_plausible_date],
            **common,
        )
    if field.type == t.MONTH:
        return forms.CharField(
            max_length=7,
            validators=[MONTH],
            widget=forms.TextInput(attrs={"type": "month"}),
            **common,
        )
    if field.type == t.CHOICE:
        choices = [("", _("—— 请选择 ——"))] + [(c, c) for c in field.choices]
        common["error_messages"] = {
            "required": _("请选择%(label)s。") % {"label": local_name(field, "label")}
        }
        return forms.ChoiceField(choices=choices, **common)
    if field.type == t.MULTICHOICE:
        common["error_messages"] = {
            "required": _("请选择%(label)s。") % {"label": local_name(field, "label")}
        }
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in field.choices], widget=forms.CheckboxSelectMultiple, **common
        )
    if field.type == t.BOOLEAN:
        common["error_messages"] = {
            "required": _("请选择%(label)s。") % {"label": local_name(field, "label")}
        }
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if field.type == t.PHONE:
        return MobileField(max_length=11, **common)
    raise ValueError(f"unknown field type {field.type}")


def _plausible_date(value: date) -> None:
    if value.year < 1930 or value > date.today().replace(year=date.today().year + 1):
        raise ValidationError(_("日期不在合理范围内，请核对。"))


def section_form_class(section: TemplateSection, fields: list[TemplateField]) -> type[forms.Form]:
    attrs: dict[str, Any] = {}
    for field in fields:
        built = form_field(field)
        if built is not None:
            attrs[field.key] = built
    return type(f"Section_{section.key}", (forms.Form,), attrs)


def section_formset_class(
    section: TemplateSection, fields: list[TemplateField]
) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        section_form_class(section, fields),
        extra=0,
        min_num=1 if section.required else 0,
        validate_min=section.required,
        max_num=section.max_rows,
        validate_max=True,
        can_delete=True,
    )


def to_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def serialise(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {key: to_json(value) for key, value in cleaned.items() if key != "DELETE"}


def form_data_from(stored: dict[str, Any], *, prefix: str | None = None) -> dict[str, Any]:
    """Stored JSON turned back into POST-like data, to validate or to redisplay."""
    data: dict[str, Any] = {}
    if "rows" in stored:
        rows = stored.get("rows") or []
        p = prefix or "form"
        data[f"{p}-TOTAL_FORMS"] = str(len(rows))
        data[f"{p}-INITIAL_FORMS"] = "0"
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{p}-{i}-{key}"] = value
        return data
    return dict(stored)


def stored_is_valid(
    section: TemplateSection, fields: list[TemplateField], stored: dict[str, Any]
) -> bool:
    """Whether saved data satisfies the section as the template defines it now."""
    if section.repeatable:
        formset = section_formset_class(section, fields)(
            data=form_data_from({"rows": stored.get("rows", [])})
        )
        return formset.is_valid()
    form = section_form_class(section, fields)(data=form_data_from(stored))
    return form.is_valid()
