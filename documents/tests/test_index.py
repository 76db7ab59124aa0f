"""打印: the page that says which forms can be printed now."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application

pytestmark = pytest.mark.django_db


def page(client: Client, user: User, app: Application) -> str:
    client.force_login(user)
    response = client.get(reverse("documents:index", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_before_formal_review_only_test_forms_are_offered(
    client: Client, teacher_draft: Application, applicant: User
) -> None:
    html = page(client, applicant, teacher_draft)
    assert "只能打印测试表" in html
    assert reverse("documents:review_form_test", args=[teacher_draft.pk]) in html
    assert reverse("documents:envelope_test", args=[teacher_draft.pk]) in html
    assert reverse("documents:review_form", args=[teacher_draft.pk]) not in html
    assert "呈报表" not in html  # not a special-talent application


def test_after_formal_review_official_forms_and_the_print_record(
    client: Client, teacher_passed: Application, applicant: User, committee_staff: User
) -> None:
    client.force_login(committee_staff)
    client.get(reverse("documents:review_form", args=[teacher_passed.pk]))
    html = page(client, applicant, teacher_passed)
    assert "可以打印正式表" in html
    assert reverse("documents:review_form", args=[teacher_passed.pk]) in html
    assert reverse("documents:envelope", args=[teacher_passed.pk]) in html
    assert "DY" in html and "评委会工作人员（评审委员会工作人员）" in html


def test_special_talent_offers_the_report_form_once_passed(
    client: Client, special_draft: Application, applicant: User
) -> None:
    html = page(client, applicant, special_draft)
    assert "呈报表" in html and "通过形式审核后可打印" in html
    assert reverse("documents:report_form", args=[special_draft.pk]) not in html


def test_someone_elses_is_a_404(client: Client, teacher_draft: Application, outsider: User) -> None:
    client.force_login(outsider)
    assert client.get(reverse("documents:index", args=[teacher_draft.pk])).status_code == 404
