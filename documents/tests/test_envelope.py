"""职称材料袋基本信息: one page with the facts, the checklist and the committee's requirements."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from applications.models import Application
from documents import printing
from documents.models import PrintRecord
from documents.tests.conftest import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def fetch(client: Client, user: User, name: str, app: Application) -> object:
    client.force_login(user)
    return client.get(reverse(f"documents:{name}", args=[app.pk]))


def test_it_is_one_page_with_the_facts_and_the_checklist(
    client: Client, teacher_passed: Application, committee_staff: User
) -> None:
    response = fetch(client, committee_staff, "envelope", teacher_passed)
    assert response.status_code == 200  # type: ignore[attr-defined]
    pdf = response.content  # type: ignore[attr-defined]
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    for fact in (
        "职称材料袋基本信息",
        str(teacher_passed.number),
        "张三",
        "新疆财经大学",
        "[乌鲁木齐市][中级]中小学教师/一级教师",
        "乌鲁木齐市评审委员会",
        "通过形式审核",
        "评审表（A4 纸正反面打印，申请人签字） 1 份",
        "第 3 栏 学历学位情况：学历证书 1 份",
        "报送截止日期",
        "按材料清单顺序排列，左侧装订，装入材料袋。",
        "接收人签字",
    ):
        assert fact in text, fact
    assert "6501**********1239" in text  # printed by staff: masked
    assert "打印人 评委会工作人员（评审委员会工作人员）" in text
    assert 'filename="envelope-' in response["Content-Disposition"]  # type: ignore[index]


def test_every_slot_with_files_is_listed(
    client: Client, teacher_passed: Application, applicant: User
) -> None:
    text = pdf_text(fetch(client, applicant, "envelope", teacher_passed).content)  # type: ignore[attr-defined]
    assert "18 第 11 栏 其他附件或证明材料：其他证明材料 1 份" in text
    assert "未列出" not in text
    assert "650102199001011239" in text  # the holder's own print


def test_a_checklist_too_long_for_the_page_says_where_the_rest_is(
    client: Client, teacher_passed: Application, applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from documents import printing

    monkeypatch.setattr(printing, "ENVELOPE_ROWS", 5)
    pdf = fetch(client, applicant, "envelope", teacher_passed).content  # type: ignore[attr-defined]
    text = pdf_text(pdf)
    assert "另有 13 项证明材料未列出，完整清单见平台中申请书" in text
    assert pdf_pages(pdf) == 1


def test_before_formal_review_only_the_test_page(
    client: Client, teacher_draft: Application, applicant: User
) -> None:
    response = fetch(client, applicant, "envelope", teacher_draft)
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert "只能打印测试表" in response.content.decode()  # type: ignore[attr-defined]
    test = fetch(client, applicant, "envelope_test", teacher_draft)
    pdf = test.content  # type: ignore[attr-defined]
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    assert "测试表" in text and "尚未通过形式审核（本页仅供核对）" in text
    assert list(PrintRecord.objects.values_list("document", "official")) == [("envelope", False)]


def test_someone_elses_application_is_a_404(
    client: Client, teacher_passed: Application, outsider: User
) -> None:
    assert fetch(client, outsider, "envelope", teacher_passed).status_code == 404  # type: ignore[attr-defined]
    assert fetch(client, outsider, "envelope_test", teacher_passed).status_code == 404  # type: ignore[attr-defined]


def test_the_form_is_built_in_chinese_whatever_the_reader_reads(
    teacher_passed: Application, applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form's fixed text goes through the translation functions, but the paper is
    official and Chinese: the builder renders with zh-hans active."""
    seen: list[str] = []
    real = printing.render_to_string

    def spy(*args: object, **kwargs: object) -> str:
        seen.append(translation.get_language())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(printing, "render_to_string", spy)
    with translation.override("en"):
        printing.envelope(teacher_passed, applicant, official=False, serial="T1")
        assert translation.get_language() == "en"
    assert seen and set(seen) == {"zh-hans"}
