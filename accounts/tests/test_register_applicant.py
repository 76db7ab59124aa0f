"""申请人注册: the form, its bad inputs, and one account per ID number."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from conftest import APPLICANT_ID, make_pdf, make_png, upload

URL = reverse("accounts:register_applicant")
NEW_ID = "650102198512121232"


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "username": "wangwu",
        "real_name": "王五",
        "id_number": NEW_ID,
        "mobile": "13912345678",
        "email": "wangwu@example.cn",
        "password1": "Xinjiang@2026",
        "password2": "Xinjiang@2026",
        "accept_notice": "on",
        "scan": upload("身份证.png", make_png()),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def entry(regions: Any) -> Any:
    return regions


def test_it_shows_the_notice_and_the_fields(client: Client, entry: Any) -> None:
    response = client.get(URL)
    html = response.content.decode()
    assert "注册须知" in html
    for label in ("用户名", "真实姓名", "身份证号", "手机号", "电子邮箱", "身份证扫描件"):
        assert label in html


def test_it_registers_signs_in_and_keeps_the_scan(client: Client, entry: Any) -> None:
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    user = User.objects.get(username="wangwu")
    assert user.role == Role.APPLICANT
    assert user.id_number == NEW_ID
    assert user.password.startswith("argon2")
    assert user.check_password("Xinjiang@2026")
    assert user.id_card_scan_name == "身份证.png"
    assert user.id_card_scan.read().startswith(b"\x89PNG")
    home = client.get(reverse("accounts:home")).content.decode()
    assert "wangwu" in home and "申请人" in home
    assert NEW_ID in home  # the holder sees the number in full


def test_lowercase_x_is_accepted_and_stored_upper_case(client: Client, entry: Any) -> None:
    client.post(URL, form_data(id_number=" 65010219900101101x "))
    assert User.objects.get(username="wangwu").id_number == "65010219900101101X"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "650102198512121233", "校验位不正确"),
        ("id_number", "650102900101123", "不支持15位旧身份证号"),
        ("id_number", "650102199002301238", "出生日期不正确"),
        ("id_number", "990102199001011237", "地区代码不存在"),
        ("real_name", "<script>alert(1)</script>", "不能包含"),
        ("real_name", "\u3000\u3000", "请填写真实姓名"),
        ("real_name", "王\u202e五", "控制字符"),
        ("mobile", "1391234567", "11 位手机号"),
        ("username", "ab", "4 到 30 位"),
        ("username", "13912345678", "不能使用手机号"),
        ("password1", "password", "至少 8 位"),
        ("password2", "Different@2026", "不一致"),
        ("accept_notice", None, "请先阅读并同意注册须知"),
    ],
)
def test_it_refuses_bad_input_and_keeps_what_was_typed(
    client: Client, entry: Any, field: str, value: Any, message: str
) -> None:
    data = form_data(**{field: value})
    if field == "password1":
        data["password2"] = value
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert not User.objects.filter(username="wangwu").exists()
    assert 'value="wangwu@example.cn"' in html  # typed values come back


def test_a_registered_id_number_is_refused(client: Client, applicant: User, entry: Any) -> None:
    response = client.post(URL, form_data(id_number=APPLICANT_ID))
    assert "该身份证号已注册" in response.content.decode()
    assert User.objects.filter(id_number=APPLICANT_ID).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", b"<html>not a pdf</html>", "只能上传"),
        ("scan.png", make_png()[:50], "损坏"),
        ("scan.pdf", b"", "空"),
        ("big.pdf", make_pdf() + b"%" + b"x" * (2 * 1024 * 1024), "2MB"),
    ],
)
def test_bad_scans_are_refused(
    client: Client, entry: Any, name: str, content: bytes, message: str
) -> None:
    response = client.post(URL, form_data(scan=upload(name, content)))
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_good_scan_is_kept_when_another_field_fails(client: Client, entry: Any) -> None:
    first = client.post(URL, form_data(password2="Mismatch@2026"))
    html = first.content.decode()
    assert "已收到扫描件" in html
    token = first.context["form"]["scan_token"].value()
    assert token
    second = client.post(URL, form_data(scan=None, scan_token=token))
    assert second.status_code == 302
    assert User.objects.get(username="wangwu").id_card_scan.read().startswith(b"\x89PNG")


def test_a_scan_token_from_another_browser_is_ignored(client: Client, entry: Any) -> None:
    first = client.post(URL, form_data(password2="Mismatch@2026"))
    token = first.context["form"]["scan_token"].value()
    other = Client()
    response = other.post(URL, form_data(scan=None, scan_token=token))
    assert "请上传身份证扫描件" in response.content.decode()
    assert not User.objects.exists()


def test_a_signed_in_user_is_sent_home(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    assert client.get(URL)["Location"] == reverse("accounts:home")
