"""评审表: two pages, test form before 通过形式审核, official with a watermark after it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications import actions
from applications.models import Application
from catalog.models import TemplateSection
from conftest import APPLICANT_ID
from documents.models import PrintRecord
from documents.tests.conftest import pdf_fonts, pdf_pages, pdf_text
from lib.idcard import mask_id_number

pytestmark = pytest.mark.django_db


def official(app: Application) -> str:
    return reverse("documents:review_form", args=[app.pk])


def test_form(app: Application) -> str:
    return reverse("documents:review_form_test", args=[app.pk])


test_form.__test__ = False  # type: ignore[attr-defined]  # a URL helper, not a test


def get_pdf(client: Client, user: User, url: str) -> bytes:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_a_fully_filled_teacher_application_prints_on_exactly_two_pages(
    client: Client, teacher_passed: Application, applicant: User
) -> None:
    pdf = get_pdf(client, applicant, official(teacher_passed))
    assert pdf_pages(pdf) == 2
    first, second = pdf_text(pdf, 1), pdf_text(pdf, 2)
    assert "专业技术人员职称评审表" in first
    assert "1 基本信息" in first and "2 教师情况" in first
    for box in ("单位推荐意见", "主管部门意见", "评审委员会意见"):
        assert box in second and box not in first
    assert second.count("年 月 日") >= 3
    # Every section the applicant fills in is there, in order, even when abbreviated.
    text = pdf_text(pdf)
    titles = TemplateSection.objects.filter(
        template_id=teacher_passed.template_id, filled_by_unit=False
    ).order_by("position")
    found = [re.search(rf"^{s.position}\s+{re.escape(s.title)}", text, re.M) for s in titles]
    assert all(found) and len(found) == 11
    starts = [m.start() for m in found if m]
    assert starts == sorted(starts)


def test_abbreviated_content_says_where_the_full_text_is(
    client: Client, teacher_passed: Application, applicant: User
) -> None:
    text = pdf_text(get_pdf(client, applicant, official(teacher_passed)))
    assert "完整内容见申请书第 7 栏“教育教学能力”" in text
    assert re.search(r"另有 \d+ 条未列出，完整内容见申请书第 5 栏", text)
    assert "以平台中的申请书及所附证明材料为准" in text
    # The unit's 1000-character recommendation is cut too, and says so.
    assert "全文见申请书第 12 栏“单位推荐意见”" in text


def test_the_official_form_carries_the_watermark_on_every_page(
    client: Client, teacher_passed: Application, applicant: User
) -> None:
    before = timezone.localtime()
    pdf = get_pdf(client, applicant, official(teacher_passed))
    record = PrintRecord.objects.get()
    assert (record.application, record.official, record.printed_by) == (
        teacher_passed,
        True,
        applicant,
    )
    for page in (1, 2):
        text = pdf_text(pdf, page)
        line = rf"{teacher_passed.number} 张三 打印时间 (\d{{4}}-\d\d-\d\d \d\d:\d\d) 打印人"
        stamped = re.search(line, text)
        assert stamped, text[:400]
        assert stamped.group(1) >= f"{before:%Y-%m-%d %H:%M}"
        assert "打印人 张三（申请人）" in text
        assert f"正式表 打印流水号 {record.serial}" in text
        assert "测试表" not in text
        assert f"第 {page} 页，共 2 页" in text


def test_fonts_are_embedded(client: Client, teacher_passed: Application, applicant: User) -> None:
    fonts = pdf_fonts(get_pdf(client, applicant, official(teacher_passed)))
    names = {f["name"].split("+", 1)[-1] for f in fonts}
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"} <= names, names
    assert all(f["emb"] == "yes" for f in fonts), fonts


def test_before_formal_review_the_test_form_is_stamped_on_every_page(
    client: Client, teacher_draft: Application, applicant: User
) -> None:
    pdf = get_pdf(client, applicant, test_form(teacher_draft))
    assert pdf_pages(pdf) == 2
    for page in (1, 2):
        text = pdf_text(pdf, page)
        assert "测试表" in text and "仅供核对 不作报送" in text
        assert "打印时间" not in text and "正式表" not in text
    record = PrintRecord.objects.get()
    assert record.official is False


def test_the_official_form_before_formal_review_is_refused(
    client: Client, teacher_draft: Application, applicant: User
) -> None:
    client.force_login(applicant)
    response = client.get(official(teacher_draft))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "申请书尚未通过形式审核，只能打印测试表" in page
    assert reverse("documents:index", args=[teacher_draft.pk]) in page
    assert not PrintRecord.objects.exists()


def test_an_application_in_review_is_still_refused_the_official_form(
    client: Client, teacher_draft: Application, applicant: User, committee_staff: User
) -> None:
    actions.submit(applicant, teacher_draft.pk, expected_version=None)
    client.force_login(applicant)
    assert client.get(official(teacher_draft)).status_code == 409
    assert client.get(test_form(teacher_draft)).status_code == 200


def test_the_response_is_an_inline_pdf_named_for_the_application_and_not_cached(
    client: Client, teacher_passed: Application, applicant: User
) -> None:
    client.force_login(applicant)
    response = client.get(official(teacher_passed))
    number = teacher_passed.number
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert f'filename="review-form-{number}.pdf"' in disposition
    assert f"filename*=UTF-8''%E8%AF%84%E5%AE%A1%E8%A1%A8-{number}.pdf" in disposition
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    test = client.get(test_form(teacher_passed))
    assert f'filename="review-form-test-{number}.pdf"' in test["Content-Disposition"]


def test_the_holder_sees_the_full_id_number_others_a_masked_one(
    client: Client,
    teacher_passed: Application,
    applicant: User,
    committee_staff: User,
    unit_admin: User,
) -> None:
    own = pdf_text(get_pdf(client, applicant, official(teacher_passed)), 1)
    assert APPLICANT_ID in own
    for reviewer in (committee_staff, unit_admin):
        text = pdf_text(get_pdf(client, reviewer, official(teacher_passed)))
        assert APPLICANT_ID not in text
        assert mask_id_number(APPLICANT_ID) in text
        assert f"打印人 {reviewer.display_name}（{reviewer.get_role_display()}）" in text


def test_reviewers_who_can_see_it_may_print_it(
    client: Client,
    teacher_passed: Application,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
) -> None:
    for reviewer in (unit_admin, dept_reviewer, committee_staff):
        assert pdf_pages(get_pdf(client, reviewer, official(teacher_passed))) == 2
    assert PrintRecord.objects.filter(official=True).count() == 3


def test_anyone_else_gets_a_404_and_nothing_is_recorded(
    client: Client,
    teacher_passed: Application,
    outsider: User,
    other_unit_admin: User,
    hr_admin: User,
    regions: dict,
) -> None:
    from conftest import make_user
    from orgs.models import ReviewCommittee

    elsewhere = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    other_staff = make_user("kashgar_staff", "committee_staff", committee=elsewhere)
    for user in (outsider, other_unit_admin, hr_admin, other_staff):
        client.force_login(user)
        for url in (official(teacher_passed), test_form(teacher_passed)):
            response = client.get(url)
            assert response.status_code == 404, (user, url)
            assert response["Content-Type"].startswith("text/html")
    client.logout()
    response = client.get(official(teacher_passed))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not PrintRecord.objects.exists()


def test_an_unknown_application_is_a_404(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    assert client.get(reverse("documents:review_form", args=[999999])).status_code == 404


def test_post_is_not_allowed(client: Client, teacher_passed: Application, applicant: User) -> None:
    client.force_login(applicant)
    assert client.post(official(teacher_passed)).status_code == 405


def test_a_short_application_still_fills_one_sheet_with_the_opinions_on_the_back(
    client: Client, teacher_empty: Application, applicant: User
) -> None:
    pdf = get_pdf(client, applicant, test_form(teacher_empty))
    assert pdf_pages(pdf) == 2
    assert "1 基本信息" in pdf_text(pdf, 1)
    assert "单位推荐意见" not in pdf_text(pdf, 1)
    assert "单位推荐意见" in pdf_text(pdf, 2) and "测试表" in pdf_text(pdf, 2)


def test_markup_typed_by_the_applicant_is_printed_as_text(
    client: Client, teacher_draft: Application, applicant: User
) -> None:
    from applications.models import SectionData

    row = SectionData.objects.get(application=teacher_draft, key="basic")
    actions.save_section(
        applicant,
        teacher_draft.pk,
        "basic",
        {**row.data, "name": '<img src="file:///etc/hostname">张三'},
        expected_version=None,
    )
    text = pdf_text(get_pdf(client, applicant, test_form(teacher_draft)), 1)
    assert '<img src="file:///etc/hostname">张三' in text
