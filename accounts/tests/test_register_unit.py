"""基层工作单位注册: the unit and its administrator, credit-code checks, look-alike names."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from conftest import make_png, upload
from orgs.models import BaseUnit, SimilarUnitFlag

URL = reverse("accounts:register_unit")
NEW_CODE = "91650100MA77XXXX0T"


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "unit_name": "乌鲁木齐市第十中学",
        "uscc": NEW_CODE,
        "region": "650100",
        "county": "650102",
        "nature": "county",
        "contact_name": "马丽",
        "contact_mobile": "13899990000",
        "scan": upload("营业执照.png", make_png()),
        "username": "shizhong10",
        "email": "hr@school10.cn",
        "password1": "Unit@20261",
        "password2": "Unit@20261",
        "accept_notice": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_registers_the_unit_and_its_admin(client: Client, regions: Any) -> None:
    response = client.post(URL, form_data())
    assert response.status_code == 302
    unit = BaseUnit.objects.get(uscc=NEW_CODE)
    assert unit.name == "乌鲁木齐市第十中学"
    assert unit.region == regions["urumqi"] and unit.county == regions["tianshan"]
    assert not unit.is_complete  # address etc. come through 完善单位信息
    admin = User.objects.get(username="shizhong10")
    assert admin.role == Role.UNIT_ADMIN and admin.unit == unit and admin.id_number is None
    home = client.get(reverse("accounts:home")).content.decode()
    assert "基层工作单位管理员" in home
    assert "单位信息未完善" in home
    assert "我的职称" not in home  # a unit account never has applicant menus


def test_lowercase_code_is_normalised(client: Client, regions: Any) -> None:
    client.post(URL, form_data(uscc=NEW_CODE.lower()))
    assert BaseUnit.objects.filter(uscc=NEW_CODE).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("uscc", "91650100MA77XXXX0A", "校验位不正确"),
        ("uscc", "91650100MA77XXXO0T", "不使用 I、O、S、V、Z"),
        ("uscc", "9165010", "应为 18 位"),
        ("unit_name", "<b>学校</b>", "不能包含"),
        ("unit_name", "   ", "请填写单位名称"),
        ("county", "653128", "不属于所选地区"),
        ("region", "999999", "请选择"),
        ("contact_mobile", "0991123", "11 位手机号"),
        ("scan", upload("licence.pdf", b"MZ\x90\x00"), "只能上传"),
    ],
)
def test_it_refuses_bad_input_and_keeps_what_was_typed(
    client: Client, regions: Any, field: str, value: Any, message: str
) -> None:
    response = client.post(URL, form_data(**{field: value}))
    html = response.content.decode()
    assert message in html
    assert not BaseUnit.objects.exists() and not User.objects.exists()
    assert 'value="hr@school10.cn"' in html


def test_a_registered_code_is_refused(client: Client, unit_a: BaseUnit) -> None:
    response = client.post(URL, form_data(uscc=unit_a.uscc))
    assert "该统一社会信用代码已注册" in response.content.decode()
    assert BaseUnit.objects.count() == 1


def test_a_look_alike_name_must_be_confirmed_and_is_flagged(
    client: Client, unit_a: BaseUnit
) -> None:
    first = client.post(URL, form_data(unit_name="财经大学"))
    html = first.content.decode()
    assert "已有名称相近的单位注册" in html and "新疆财经大学" in html
    assert not BaseUnit.objects.filter(uscc=NEW_CODE).exists()
    token = first.context["form"]["scan_token"].value()
    second = client.post(
        URL, form_data(unit_name="财经大学", confirm_similar="on", scan=None, scan_token=token)
    )
    assert second.status_code == 302
    unit = BaseUnit.objects.get(uscc=NEW_CODE)
    flag = SimilarUnitFlag.objects.get(unit=unit)
    assert flag.similar_to == unit_a and flag.resolved_at is None


def test_a_name_in_another_region_is_not_flagged(client: Client, unit_b: BaseUnit) -> None:
    response = client.post(URL, form_data(unit_name="喀什地区实验中学"))
    assert response.status_code == 302
    assert not SimilarUnitFlag.objects.exists()


def test_a_county_unit_needs_a_county(client: Client, regions: Any) -> None:
    response = client.post(URL, form_data(county=""))
    assert "请选择所属县" in response.content.decode()
