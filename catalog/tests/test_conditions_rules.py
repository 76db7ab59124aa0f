"""任职资格条件 show their machine-checkable 资格预审规则 beside the text, for everyone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import (
    AttachmentSlot,
    EligibilityRule,
    FormTemplate,
    Level,
    QualificationCondition,
    Series,
    TemplateSection,
)

pytestmark = pytest.mark.django_db


def test_the_condition_page_lists_its_rules(client: Client) -> None:
    year = timezone.localdate().year
    zxx = Series.objects.create(code="zxxjs", name="中小学教师", sort_order=1)
    condition = QualificationCondition.objects.create(
        series=zxx, level=Level.ASSOCIATE_SENIOR, title="中小学教师副高任职资格条件", text="条件"
    )
    template = FormTemplate.objects.create(series=zxx, year=year, name="中小学教师职称评审申请书")
    teaching = TemplateSection.objects.create(
        template=template, position=7, key="teaching", title="教育教学能力"
    )
    AttachmentSlot.objects.create(
        section=teaching, position=1, key="lesson_proof", label="公开课、示范课证明"
    )
    EligibilityRule.objects.create(
        series=zxx,
        level=Level.ASSOCIATE_SENIOR,
        year=year - 1,
        min_education="bachelor",
        years_basis="title",
        min_years=5,
        hours_per_year=90,
        hours_years=3,
        required_slots=["teaching.lesson_proof"],
        southern_min_education="associate",
        note="农村学校可为大学专科。",
    )
    html = client.get(reverse("catalog:condition", args=[condition.pk])).content.decode()
    assert f"资格预审规则（{year - 1} 年度）" in html
    for line in (
        "学历不低于大学本科",
        "取得现职称后满 5 年（计算至申报年度 12 月 31 日）",
        "申报前 3 年每年继续教育不少于 90 学时（以单位确认的学时为准）",
        "须上传附件：7 教育教学能力 / 公开课、示范课证明",
        "南疆四地州单位的申报人：学历不低于大学专科",
        "说明：农村学校可为大学专科。",
    ):
        assert line in html


def test_a_condition_without_rules_shows_only_its_text(client: Client) -> None:
    sky = Series.objects.create(code="sky", name="社会科学研究", sort_order=1)
    condition = QualificationCondition.objects.create(
        series=sky, level=Level.INTERMEDIATE, title="社会科学研究中级任职资格条件", text="条件正文"
    )
    html = client.get(reverse("catalog:condition", args=[condition.pk])).content.decode()
    assert "条件正文" in html and "资格预审规则" not in html
