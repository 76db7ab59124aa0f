"""呈报表: special-talent applications only, after 通过形式审核 only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from documents.models import PrintRecord
from documents.tests.conftest import pdf_fonts, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def url(app: Application) -> str:
    return reverse("documents:report_form", args=[app.pk])


def test_it_prints_after_formal_review_with_the_watermark_on_both_pages(
    client: Client, special_passed: Application, committee_staff: User
) -> None:
    client.force_login(committee_staff)
    response = client.get(url(special_passed))
    assert response.status_code == 200
    pdf = response.content
    assert pdf_pages(pdf) == 2
    assert "特殊人才职称认定呈报表" in pdf_text(pdf, 1)
    assert "突出贡献" in pdf_text(pdf, 1)
    assert "人力资源和社会保障部门意见" in pdf_text(pdf, 2)
    for page in (1, 2):
        assert f"{special_passed.number} 张三 打印时间" in pdf_text(pdf, page)
    assert all(f["emb"] == "yes" for f in pdf_fonts(pdf))
    assert PrintRecord.objects.get().document == "report_form"
    assert "report-form-" in response["Content-Disposition"]


def test_before_formal_review_it_is_refused(
    client: Client, special_draft: Application, applicant: User
) -> None:
    client.force_login(applicant)
    response = client.get(url(special_draft))
    assert response.status_code == 409
    assert "呈报表在申报材料通过形式审核后生成" in response.content.decode()
    assert not PrintRecord.objects.exists()


def test_an_ordinary_review_application_has_no_report_form(
    client: Client, teacher_passed: Application, applicant: User
) -> None:
    client.force_login(applicant)
    assert client.get(url(teacher_passed)).status_code == 404


def test_someone_elses_is_a_404(
    client: Client, special_passed: Application, outsider: User, other_unit_admin: User
) -> None:
    for user in (outsider, other_unit_admin):
        client.force_login(user)
        assert client.get(url(special_passed)).status_code == 404
