"""方式四 (身份证件申诉) and 单位账号申诉: filing an appeal with a checked image."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import APPLICANT_ID, make_pdf, make_png, upload
from recovery.models import Appeal

pytestmark = pytest.mark.django_db
PERSON_URL = reverse("recovery:appeal")
UNIT_URL = reverse("recovery:unit_appeal")
SENT = reverse("recovery:sent", args=["appeal"])


def person_fields(**extra):
    return {
        "id_number": APPLICANT_ID,
        "real_name": "张三",
        "contact_mobile": "13911112222",
        "contact_email": "new@example.cn",
        "scan": upload("身份证.png", make_png()),
        **extra,
    }


def unit_fields(**extra):
    return {
        "unit_name": "新疆财经大学",
        "uscc": "126500004580000403",
        "contact_name": "赵新",
        "contact_mobile": "13933334444",
        "contact_email": "hr@xjufe.example.cn",
        "scan": upload("营业执照.pdf", make_pdf()),
        **extra,
    }


def test_a_person_files_an_appeal(client: Client, applicant: User) -> None:
    response = client.post(PERSON_URL, person_fields())
    assert response["Location"] == SENT
    appeal = Appeal.objects.get()
    assert appeal.kind == "person" and appeal.status == "pending" and appeal.user == applicant
    assert appeal.scan_name == "身份证.png" and appeal.scan.read().startswith(b"\x89PNG")
    assert "申诉已提交" in client.get(SENT).content.decode()


def test_an_appeal_for_nobody_is_kept_with_no_account(client: Client, applicant: User) -> None:
    response = client.post(PERSON_URL, person_fields(real_name="王五"))
    assert response["Location"] == SENT
    assert Appeal.objects.get().user is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.png", make_png()[:60], "图片文件已损坏"),
        ("scan.pdf", b"<html><script>alert(1)</script></html>", "只能上传"),
        ("scan.png", b"", "空文件"),
        ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024), "不能超过 2MB"),
    ],
)
def test_a_bad_image_is_refused(
    client: Client, applicant: User, name: str, content: bytes, message: str
) -> None:
    response = client.post(PERSON_URL, person_fields(scan=upload(name, content)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Appeal.objects.exists()
    assert "张三" in response.content.decode()  # what was typed stays
    assert APPLICANT_ID not in response.content.decode()  # except the ID number


def test_markup_in_the_name_is_refused(client: Client, applicant: User) -> None:
    response = client.post(PERSON_URL, person_fields(real_name="<script>x</script>"))
    assert "不能包含" in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_unit_files_an_appeal(client: Client, unit_admin: User) -> None:
    response = client.post(UNIT_URL, unit_fields(uscc="126500004580000403 ".lower()))
    assert response["Location"] == SENT
    appeal = Appeal.objects.get()
    assert appeal.kind == "unit" and appeal.user == unit_admin
    assert appeal.contact_name == "赵新" and appeal.scan_name == "营业执照.pdf"


def test_a_unit_appeal_with_a_bad_code_is_refused(client: Client, unit_admin: User) -> None:
    response = client.post(UNIT_URL, unit_fields(uscc="126500004580000404"))
    assert "校验位不正确" in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_unit_appeal_with_another_name_matches_nothing(client: Client, unit_admin: User) -> None:
    client.post(UNIT_URL, unit_fields(unit_name="新疆财经学院"))
    assert Appeal.objects.get().user is None
