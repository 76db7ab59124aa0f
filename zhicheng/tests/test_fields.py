"""`{% form_field %}` draws a field as templates/includes/field.html's template did, byte for byte."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import override

from zhicheng.templatetags.fields import form_field

# templates/includes/field.html before the field was drawn in Python.
TEMPLATE = '{% load i18n %}{# One form field: label, widget, hint and its errors right beside it (docs/adr/0040-accessibility-checks.md). Django marks the widget aria-invalid="true" and points its aria-describedby at "<id>_helptext" and "<id>_error", which are the ids below. Radio and checkbox groups sit in a fieldset whose legend is the label. #}\n<div class="field{% if field.errors %} has-error{% endif %}{% if field.field.required %} required{% endif %}" id="field-{{ field.html_name }}">\n  {% if field.widget_type == "checkbox" %}\n    <label class="check">{{ field }} {{ field.label }}</label>\n  {% elif field.use_fieldset %}\n    <fieldset class="field-group"{% if field.auto_id %}{% if field.help_text or field.errors %} aria-describedby="{% if field.help_text %}{{ field.auto_id }}_helptext{% endif %}{% if field.help_text and field.errors %} {% endif %}{% if field.errors %}{{ field.auto_id }}_error{% endif %}"{% endif %}{% endif %}>\n      <legend>{{ field.label }}{% if field.field.required %}<span class="req" aria-hidden="true">*</span>{% endif %}</legend>\n      {{ field }}\n    </fieldset>\n  {% else %}\n    <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %}<span class="req" aria-hidden="true">*</span>{% endif %}</label>\n    {{ field }}\n  {% endif %}\n  {% if field.help_text %}<p class="hint" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</p>{% endif %}\n  {% if field.errors %}<div class="error" id="{{ field.auto_id }}_error">{% for error in field.errors %}<p><span class="visually-hidden">{% translate "错误：" %}</span>{{ error }}</p>{% endfor %}</div>{% endif %}\n</div>\n'


class Everything(forms.Form):
    name = forms.CharField(label="姓名 <甲>", max_length=20, help_text="与身份证一致 & 准确")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label="我已阅读")
    optional = forms.BooleanField(label="可选", required=False, help_text="说明")
    kind = forms.ChoiceField(
        label="是否转评", choices=[("是", "是"), ("否", "否")], widget=forms.RadioSelect
    )
    kinds = forms.MultipleChoiceField(
        label="多选",
        choices=[("a", "甲"), ("b", "乙")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="可多选",
    )
    pick = forms.ChoiceField(label="学历", choices=[("", "—— 请选择 ——"), ("a", "本科")])
    scan = forms.FileField(label="扫描件", required=False)
    when = forms.DateField(label="出生日期", widget=forms.DateInput(attrs={"type": "date"}))
    safe = forms.CharField(
        label=mark_safe("<b>粗</b>"), required=False, help_text=mark_safe("<i>斜</i>")
    )

    def clean(self) -> dict[str, Any]:
        self.add_error("note", "第一条 <错误>")
        self.add_error("note", "第二条")
        self.add_error("kinds", "选一项")
        return self.cleaned_data


BOUND = {"name": "<名>", "kind": "x", "pick": "z", "when": "不是日期", "agree": ""}


def forms_to_draw() -> list[forms.Form]:
    made: list[forms.Form] = [Everything(), Everything(auto_id=False), Everything(prefix="p")]
    for auto_id in ("id_%s", False):
        bound = Everything(BOUND, auto_id=auto_id)
        bound.is_valid()
        made.append(bound)
    return made


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_every_kind_of_field_is_drawn_as_the_template_drew_it(language: str) -> None:
    template = engines["django"].from_string(TEMPLATE)
    with override(language):
        for form in forms_to_draw():
            for field in form:
                assert form_field(field) == template.render({"field": field}), field.name


def test_the_include_draws_it() -> None:
    form = Everything(BOUND)
    form.is_valid()
    include = engines["django"].from_string('{% include "includes/field.html" with field=f %}')
    for field in form:
        assert include.render({"f": field}) == form_field(field)


# templates/includes/field_error.html before the messages were drawn in Python.
ERRORS_TEMPLATE = '{% load i18n %}{# The message(s) of one bound field drawn outside includes/field.html (a table cell, a hand-laid form), with the id Django\'s aria-describedby names ("<id>_error"); shown whenever Django marks the widget aria-invalid (docs/adr/0040-accessibility-checks.md). Needs `field`. #}{% if field.errors %}<div class="error" id="{{ field.auto_id }}_error">{% for error in field.errors %}<p><span class="visually-hidden">{% translate "错误：" %}</span>{{ error }}</p>{% endfor %}</div>{% endif %}\n'


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_messages_alone_are_drawn_as_the_template_drew_them(language: str) -> None:
    old = engines["django"].from_string(ERRORS_TEMPLATE)
    include = engines["django"].from_string(
        '{% include "includes/field_error.html" with field=f %}'
    )
    with override(language):
        for form in forms_to_draw():
            for field in form:
                assert include.render({"f": field}) == old.render({"field": field}), field.name
    bound = forms_to_draw()[3]
    assert "第一条 &lt;错误&gt;" in include.render({"f": bound["note"]})
