"""Printed forms are served as every user file is (zhicheng.serving): sandboxed, inline."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from zhicheng.tests.file_headers import assert_user_file


def _assert_form(client: Client, url_name: str, app: Application, shown: str) -> None:
    response = client.get(reverse(url_name, args=[app.pk]))
    assert_user_file(
        response, inline=True, filename=f"{shown}-{app.number}.pdf", content_type="application/pdf"
    )
    assert response.content.startswith(b"%PDF-")


def test_the_review_form_and_envelope_are_served_sandboxed_inline(
    client: Client, teacher_passed: Application, applicant: User
) -> None:
    client.force_login(applicant)
    _assert_form(client, "documents:review_form", teacher_passed, "评审表")
    _assert_form(client, "documents:review_form_test", teacher_passed, "评审表(测试表)")
    _assert_form(client, "documents:envelope", teacher_passed, "职称材料袋基本信息")


def test_the_report_form_is_served_sandboxed_inline(
    client: Client, special_passed: Application, applicant: User
) -> None:
    client.force_login(applicant)
    _assert_form(client, "documents:report_form", special_passed, "呈报表")
