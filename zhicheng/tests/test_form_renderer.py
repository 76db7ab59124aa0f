"""The project's form renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from zhicheng.form_renderer import FormRenderer, _choices, _input, _select, _textarea

TEMPLATES = DjangoTemplates()

ATTRS: list[dict[str, Any]] = [
    {},
    {"class": "a b", "required": True, "disabled": False, "maxlength": 40},
    {"placeholder": '<"引号" & 尖括号>', "data-x": "a'b", "step": 0.5, "min": 0},
    {"aria-describedby": mark_safe("<b>safe</b>"), "title": gettext_lazy("首页")},
    {"autofocus": True, "readonly": True, "id": "id_x"},
]

VALUES: list[Any] = [
    None,
    "",
    "0",
    "普通文本",
    '<script>alert("x")</script> & "q"',
    mark_safe("<i>s</i>"),
]

WIDGETS: list[forms.Widget] = [
    forms.TextInput(),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.PasswordInput(),
    forms.HiddenInput(),
    forms.DateInput(),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.CheckboxInput(),
    forms.FileInput(),
    forms.Textarea(),
    forms.Textarea(attrs={"rows": 3, "cols": 60}),
]


def both(widget: forms.Widget, name: str, value: Any, attrs: dict[str, Any]) -> tuple[str, str]:
    """The widget written by the project's renderer (which must not use a template for it)
    and by Django's templates."""
    with mock.patch.object(DjangoTemplates, "render", side_effect=AssertionError("template")):
        direct = widget.render(name, value, attrs=attrs, renderer=FormRenderer())
    return direct, widget.render(name, value, attrs=attrs, renderer=TEMPLATES)


def test_it_is_the_projects_renderer() -> None:
    assert settings.FORM_RENDERER == "zhicheng.form_renderer.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("attrs", ATTRS, ids=range(len(ATTRS)))
def test_every_simple_widget_is_written_as_the_templates_write_it(
    widget: forms.Widget, attrs: dict[str, Any]
) -> None:
    for value in VALUES:
        direct, template = both(widget, "字段<name>", value, attrs)
        assert direct == template, (value, attrs)


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 12, 3),
        datetime.datetime(2026, 12, 3, 8, 5),
        True,
        False,
        12345,
        Decimal("12345.50"),
        1.25,
        "第一行\n第二行",
    ],
)
def test_values_of_other_kinds_too(value: Any) -> None:
    for widget in (
        forms.TextInput(),
        forms.DateInput(),
        forms.CheckboxInput(),
        forms.Textarea(),
        forms.NumberInput(),
    ):
        for attrs in ATTRS:
            direct, template = both(widget, "x", value, attrs)
            assert direct == template, (type(widget).__name__, value, attrs)


def test_in_uyghur_and_with_localised_widgets_too() -> None:
    with override("ug"):
        for widget in (forms.DateInput(), forms.NumberInput(), forms.Textarea()):
            widget.is_localized = True
            for value in (datetime.date(2026, 1, 2), 1234567, Decimal("1.5"), "تېكىست"):
                direct, template = both(widget, "x", value, ATTRS[3])
                assert direct == template


def test_a_whole_form_is_the_same() -> None:
    class Everything(forms.Form):
        name = forms.CharField(max_length=20, help_text="帮助")
        count = forms.IntegerField(min_value=0)
        when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        agree = forms.BooleanField()
        note = forms.CharField(widget=forms.Textarea)
        kind = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
        pick = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")])
        scan = forms.FileField(required=False)
        secret = forms.CharField(widget=forms.HiddenInput, initial="<&>")

    bound = Everything({"name": "<名>", "count": "x", "note": "a\n<b>", "agree": "on"})
    bound.is_valid()
    for form in (Everything(), bound):
        form.renderer = FormRenderer()
        direct = str(form)
        form.renderer = TEMPLATES
        assert direct == str(form)


def test_what_it_does_not_reproduce_goes_to_the_template() -> None:
    renderer = FormRenderer()
    # A tuple is what `stringformat:'s'` cannot write ("" in the template, "(1, 2)" here).
    attrs = {"data-pair": (1, 2)}
    assert forms.TextInput().render("x", "v", attrs, renderer) == forms.TextInput().render(
        "x", "v", attrs, TEMPLATES
    )
    # A list value (DateInput passes it on unformatted).
    assert forms.DateInput().render("x", ["a"], None, renderer) == forms.DateInput().render(
        "x", ["a"], None, TEMPLATES
    )
    # Selects, radios and the rest are the templates' (the drawer is asked only for the
    # input family and textarea).
    assert renderer._drawer("django/forms/widgets/clearable_file_input.html") is None
    assert renderer._drawer("django/forms/widgets/multiwidget.html") is None
    assert drawn_by(renderer, "django/forms/widgets/select.html") is _select
    assert drawn_by(renderer, "django/forms/widgets/text.html") is _input
    assert drawn_by(renderer, "django/forms/widgets/textarea.html") is _textarea
    assert drawn_by(renderer, "django/forms/widgets/radio.html") is _choices
    assert drawn_by(renderer, "django/forms/widgets/checkbox_select.html") is _choices
    # Choices whose values or labels the templates would write otherwise.
    for choices in ([(1, date(2026, 1, 2))], [(Decimal("1.5"), "一点五")], [("a", 12345)]):
        for widget in (
            forms.RadioSelect(choices=choices),
            forms.CheckboxSelectMultiple(choices=choices),
        ):
            with override("ug"):
                assert widget.render("x", None, None, renderer) == widget.render(
                    "x", None, None, TEMPLATES
                )


def drawn_by(renderer: FormRenderer, name: str) -> object:
    found = renderer._drawer(name)
    return found[0] if found is not None else None


def test_an_overridden_template_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = FormRenderer()
    monkeypatch.setattr(
        renderer, "_is_django_own", lambda name: name != "django/forms/widgets/attrs.html"
    )
    assert renderer._drawer("django/forms/widgets/text.html") is None
    assert renderer._drawer("django/forms/widgets/textarea.html") is None
    assert renderer._drawer("django/forms/widgets/radio.html") is None
    assert renderer._drawer("django/forms/widgets/select.html") is None


CHOICES: list[Any] = [
    [("a", "甲"), ("b", "乙")],
    [("", "—— 请选择 ——"), ("是", "是"), ("否", "否")],
    [(1, "一"), (2, gettext_lazy("首页")), (None, "无")],
    [("g1", [("a", "<甲>"), ("b", mark_safe("<b>乙</b>"))]), ("c", "丙"), ("组二", [("d", "丁")])],
]


@pytest.mark.parametrize("choices", CHOICES, ids=range(len(CHOICES)))
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_x"}, {"id": "id_x", "class": "inline", "required": True}, {"class": "c"}],
)
def test_radios_and_checkbox_groups_are_written_as_the_templates_write_them(
    choices: list[Any], attrs: dict[str, Any] | None
) -> None:
    for widget in (
        forms.RadioSelect(choices=choices),
        forms.CheckboxSelectMultiple(choices=choices),
    ):
        for value in (None, "", "a", ["a", "c"], 1, ["1", "2"], "是"):
            direct, template = both(widget, "字段", value, dict(attrs or {}))
            assert direct == template, (type(widget).__name__, value, attrs)


SELECT_CHOICES: list[Any] = [
    ("", "—— 请选择 ——"),
    ("本科", "本科"),
    ('<b>"引号"&</b>', '<b>"引号"&</b>'),
    ("地区", [("乌鲁木齐", "乌鲁木齐"), ("喀什", "喀什")]),  # an option group
    (5, "五"),
]


@pytest.mark.parametrize("value", [None, "", "本科", '<b>"引号"&</b>', "喀什", 5, "不在其中"])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_x", "required": True, "disabled": False},
        {"id": "id_x", "aria-invalid": "true", "aria-describedby": "id_x_error id_x_helptext"},
    ],
)
def test_a_select_is_written_as_the_templates_write_it(
    value: Any, attrs: dict[str, Any] | None
) -> None:
    for widget in (
        forms.Select(choices=SELECT_CHOICES, attrs={"class": "wide"}),
        forms.SelectMultiple(choices=SELECT_CHOICES),
    ):
        ours, django = both(widget, "x", value, dict(attrs or {}))
        assert ours == django


def test_a_bound_select_draws_its_error_attributes() -> None:
    class Form(forms.Form):
        degree = forms.ChoiceField(choices=SELECT_CHOICES[:3])

    form = Form(data={"degree": ""})
    assert not form.is_valid()
    field = form["degree"]
    ours = field.as_widget()
    form.renderer = TEMPLATES
    assert ours == form["degree"].as_widget()
    assert 'aria-invalid="true"' in ours
