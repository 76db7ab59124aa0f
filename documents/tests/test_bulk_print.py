"""打印所选: one PDF of the 评审表 / 材料袋 of the applications selected in a staff list."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications import actions
from applications.models import Application
from documents.bulk import MAX_SELECTED
from documents.models import PrintRecord
from documents.tests.conftest import pdf_pages

pytestmark = pytest.mark.django_db

URL = reverse("documents:bulk_print")
BACK = reverse("reviews:search")


def post(client: Client, ids: list[int], document: str = "envelope", official: str = "1") -> Any:
    return client.post(
        URL,
        {"ids": [str(i) for i in ids], "document": document, "official": official, "next": BACK},
    )


def said(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_it_prints_every_selected_application_in_one_pdf(
    client: Client,
    committee_staff: User,
    teacher_passed: Application,
    special_passed: Application,
) -> None:
    client.force_login(committee_staff)
    response = post(client, [teacher_passed.pk, special_passed.pk])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf_pages(response.content) == 2
    assert PrintRecord.objects.filter(printed_by=committee_staff, official=True).count() == 2
    assert said(response) == []


def test_a_forged_id_is_skipped_and_said(
    client: Client, committee_staff: User, teacher_passed: Application
) -> None:
    client.force_login(committee_staff)
    response = post(client, [teacher_passed.pk, 999999])
    assert response.status_code == 200
    assert pdf_pages(response.content) == 1
    assert said(response) == ["已打印 1 份，1 份未打印。1 份：不在您可查看的范围内"]


def test_rows_of_another_unit_are_refused(
    client: Client, other_unit_admin: User, teacher_passed: Application
) -> None:
    client.force_login(other_unit_admin)
    response = post(client, [teacher_passed.pk])
    assert response.status_code == 302 and response["Location"] == BACK
    assert said(response) == ["所选申请书都不能打印。1 份：不在您可查看的范围内"]
    assert not PrintRecord.objects.exists()


def test_an_official_form_before_passing_is_refused_per_row(
    client: Client,
    applicant: User,
    unit_admin: User,
    teacher_passed: Application,
    special_draft: Application,
) -> None:
    in_review = actions.submit(applicant, special_draft.pk, expected_version=None)
    client.force_login(unit_admin)
    response = post(client, [in_review.pk, teacher_passed.pk], "review_form", "1")
    assert response.status_code == 200
    assert PrintRecord.objects.filter(official=True).count() == 1
    (message,) = said(response)
    assert message.startswith(
        "已打印 1 份，1 份未打印。1 份：申请书尚未通过形式审核，只能打印测试表。"
    )
    # The test form of the same application may be printed.
    assert post(client, [in_review.pk], "review_form", "0").status_code == 200
    assert PrintRecord.objects.filter(official=False, application=in_review).count() == 1


def test_more_than_the_limit_is_refused_whole(client: Client, committee_staff: User) -> None:
    client.force_login(committee_staff)
    response = post(client, list(range(1, MAX_SELECTED + 2)))
    assert response.status_code == 302
    assert said(response) == [
        f"一次最多打印 {MAX_SELECTED} 份，已选 {MAX_SELECTED + 1} 份。请分批打印。"
    ]


def test_nothing_selected_is_said(client: Client, committee_staff: User) -> None:
    client.force_login(committee_staff)
    response = post(client, [])
    assert said(response) == ["请先勾选要打印的申请书。"]


def test_it_rejects_get(client: Client, committee_staff: User) -> None:
    client.force_login(committee_staff)
    assert client.get(URL).status_code == 405
