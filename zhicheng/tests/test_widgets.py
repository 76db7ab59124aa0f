"""ListSelect writes exactly what Django's select templates write (zhicheng/widgets.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from zhicheng.widgets import ListSelect

CHOICES: list[Any] = [
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
def test_the_html_is_djangos_byte_for_byte(value: Any, attrs: dict[str, Any] | None) -> None:
    ours = ListSelect(choices=CHOICES, attrs={"class": "wide"}).render("x", value, attrs)
    django = forms.Select(choices=CHOICES, attrs={"class": "wide"}).render("x", value, attrs)
    assert ours == django


def test_a_bound_field_draws_it_with_its_error_attributes() -> None:
    class Form(forms.Form):
        degree = forms.ChoiceField(choices=CHOICES[:3], widget=ListSelect)
        same = forms.ChoiceField(choices=CHOICES[:3])

    form = Form(data={"degree": "", "same": ""})
    assert not form.is_valid()
    ours = str(form["degree"]).replace("degree", "FIELD")
    django = str(form["same"]).replace("same", "FIELD")
    assert ours == django
    assert 'aria-invalid="true"' in ours
