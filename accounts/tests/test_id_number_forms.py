"""Every form that takes a resident ID number uses the one check (lib.idcard) and never fails.

Registration, 方式三 (ID details), 方式四 (身份证件申诉) and the superuser's admin form.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from stdnum.cn import ric

from accounts.models import Role, User
from conftest import make_png, make_user, upload
from recovery.models import Appeal

REGISTER = reverse("accounts:register_applicant")
IDENTITY = reverse("recovery:identity")
APPEAL = reverse("recovery:appeal")


def make_number(code: str, birth: str, sequence: str = "123") -> str:
    body = code + birth + sequence
    return body + ric.calc_check_digit(body + "0")


def registration(id_number: str, username: str = "wangwu") -> dict[str, Any]:
    return {
        "username": username,
        "real_name": "王五",
        "id_number": id_number,
        "mobile": "13912345678",
        "email": f"{username}@example.cn",
        "password1": "Xinjiang@2026",
        "password2": "Xinjiang@2026",
        "accept_notice": "on",
        "scan": upload("身份证.png", make_png()),
    }


def field_error(html: str) -> str:
    start = html.index('id="field-id_number"')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize(
    ("code", "birth"),
    [
        ("650102", "19750612"),  # 天山区, code since 1983
        ("650104", "19720229"),  # 新市区
        ("659001", "19701001"),  # 石河子市 (兵团), code since 1986
        ("440303", "19800101"),  # 深圳 罗湖区, named 1990
        ("652901", "19500101"),  # 阿克苏市, code since 1983
        ("650109", "20050505"),  # 米东区, code since 2007
    ],
)
def test_it_registers_people_born_before_their_district_code_existed(
    client: Client, regions: Any, code: str, birth: str
) -> None:
    number = make_number(code, birth)
    response = client.post(REGISTER, registration(number))
    assert response.status_code == 302, field_error(response.content.decode())
    assert User.objects.get(username="wangwu").id_number == number


@pytest.mark.parametrize("code", ["650199", "659999"])
def test_an_unknown_code_inside_a_known_prefecture_is_a_field_error_not_a_crash(
    client: Client, regions: Any, code: str
) -> None:
    response = client.post(REGISTER, registration(make_number(code, "19900101")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "身份证号中的地区代码不存在。" in field_error(html)
    assert 'value="wangwu@example.cn"' in html  # what was typed comes back
    assert not User.objects.filter(username="wangwu").exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (make_number("650102", "19900230"), "身份证号中的出生日期不正确。"),
        (make_number("650102", "29990101"), "身份证号中的出生日期晚于今天"),
        ("650102900101123", "不支持15位旧身份证号"),
        (make_number("650102", "19900101")[:-1] + "Y", "身份证号应为18位"),
        ("650102\x0019900101123", "身份证号应为18位"),
        ("\u202e" + "6" * 19, "身份证号应为18位"),
        ("6" * 41, "身份证号应为18位"),
    ],
)
def test_registration_refuses_bad_numbers_beside_the_field(
    client: Client, regions: Any, raw: str, message: str
) -> None:
    response = client.post(REGISTER, registration(raw))
    assert response.status_code == 200
    assert message in field_error(response.content.decode())
    assert not User.objects.filter(username="wangwu").exists()


@pytest.mark.parametrize("code", ["650199", "659999"])
def test_recovery_by_id_details_answers_an_unknown_code_beside_the_field(
    client: Client, applicant: User, code: str
) -> None:
    number = make_number(code, "19900101")
    response = client.post(
        IDENTITY, {"id_number": number, "real_name": "张三", "contact": "13800000001"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "身份证号中的地区代码不存在。" in field_error(html)
    assert number not in html  # the box never echoes the number


def test_recovery_by_id_details_finds_a_1970s_tianshan_number(client: Client, regions: Any) -> None:
    number = make_number("650102", "19740101")
    make_user("old_hand", Role.APPLICANT, real_name="老张", id_number=number, mobile="13800000009")
    response = client.post(
        IDENTITY, {"id_number": number, "real_name": "老张", "contact": "13800000009"}
    )
    assert response.status_code == 302
    assert "old_hand" in client.get(response["Location"]).content.decode()  # the reset page


def test_an_appeal_with_a_1970s_xinshi_number_is_filed(client: Client, regions: Any) -> None:
    number = make_number("650104", "19760808")
    response = client.post(
        APPEAL,
        {
            "id_number": number,
            "real_name": "王五",
            "contact_mobile": "13911112222",
            "scan": upload("身份证.png", make_png()),
        },
    )
    assert response.status_code == 302
    assert Appeal.objects.get().id_number == number


def test_an_appeal_with_an_unknown_code_is_refused_beside_the_field(
    client: Client, regions: Any
) -> None:
    response = client.post(
        APPEAL,
        {
            "id_number": make_number("659999", "19900101"),
            "real_name": "王五",
            "contact_mobile": "13911112222",
            "scan": upload("身份证.png", make_png()),
        },
    )
    assert response.status_code == 200
    assert "身份证号中的地区代码不存在。" in field_error(response.content.decode())
    assert not Appeal.objects.exists()


def admin_form(superuser: User, target: User, id_number: str) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[User]
    form_class = model_admin.get_form(request, target)
    data = {
        "username": target.username,
        "real_name": target.real_name,
        "email": target.email,
        "mobile": target.mobile,
        "id_number": id_number,
        "role": target.role,
        "is_active": "on",
    }
    return form_class(data=data, instance=target)


def test_the_admin_form_uses_the_same_check(regions: Any, applicant: User) -> None:
    superuser = make_user("root", Role.HR_ADMIN, admin_region=regions["xj"], is_superuser=True)
    refused = admin_form(superuser, applicant, make_number("650199", "19900101"))
    assert not refused.is_valid()
    assert refused.errors["id_number"] == ["身份证号中的地区代码不存在。"]
    number = make_number("650102", "19730303")
    accepted = admin_form(superuser, applicant, f" {number} ")
    assert accepted.is_valid(), accepted.errors
    assert accepted.cleaned_data["id_number"] == number
