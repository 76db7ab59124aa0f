"""方式三: ID number, real name and the registered mobile or e-mail, all matching."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import APPLICANT_ID, PASSWORD
from recovery.models import ResetGrant
from recovery.tests.conftest import NEW_PASSWORD, signs_in

pytestmark = pytest.mark.django_db
URL = reverse("recovery:identity")
MISMATCH = "填写的信息与注册信息不符"


def test_matching_details_open_the_reset_page_at_once(client: Client, applicant: User) -> None:
    response = client.post(
        URL, {"id_number": APPLICANT_ID.lower(), "real_name": "张三", "contact": "13800000001"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "zhangsan" in page.content.decode()
    client.post(response["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert signs_in("zhangsan", NEW_PASSWORD)
    assert ResetGrant.objects.get().via == "identity"


def test_the_registered_email_works_as_the_contact(client: Client, applicant: User) -> None:
    response = client.post(
        URL, {"id_number": APPLICANT_ID, "real_name": "张三", "contact": "ZHANGSAN@example.cn"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "fields",
    [
        {"real_name": "张四", "contact": "13800000001"},
        {"real_name": "张三", "contact": "13800000009"},
        {"real_name": "张三", "contact": "other@example.cn"},
    ],
)
def test_any_mismatch_is_refused(client: Client, applicant: User, fields: dict) -> None:
    response = client.post(URL, {"id_number": APPLICANT_ID, **fields})
    assert response.status_code == 200 and MISMATCH in response.content.decode()
    assert not ResetGrant.objects.exists()
    assert signs_in("zhangsan", PASSWORD)


def test_a_bad_id_number_is_refused_beside_the_field(client: Client) -> None:
    response = client.post(
        URL, {"id_number": "650102199001011238", "real_name": "张三", "contact": "13800000001"}
    )
    assert "校验位不正确" in response.content.decode()


def test_no_full_id_number_in_the_answer_or_the_log(
    client: Client, applicant: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = client.post(
        URL, {"id_number": APPLICANT_ID, "real_name": "李四", "contact": "13800000001"}
    )
    assert MISMATCH in response.content.decode()
    assert APPLICANT_ID not in response.content.decode()
    assert APPLICANT_ID not in caplog.text
