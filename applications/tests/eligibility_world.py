"""A form with the reference templates' field keys (学历, 参加工作时间, 专业技术资格取得时间,
附件), a 资格预审规则 for it, and helpers to put answers, files and confirmed hours into an
application. Imported by the pre-check tests of applications, reviews, sysadmin and e2e."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from applications import actions
from applications.models import Application
from catalog.actions import RuleData
from catalog.models import (
    AttachmentSlot,
    Education,
    EligibilityRule,
    FormTemplate,
    Level,
    Series,
    TemplateField,
    TemplateSection,
    YearsBasis,
)
from conftest import make_png
from lib.files import CheckedUpload
from training.models import TrainingRecord

EDUCATION = ["博士研究生", "硕士研究生", "大学本科", "大学专科", "中等专科", "高中及以下"]
DEGREES = ["博士", "硕士", "学士", "无"]
YEAR = timezone.localdate().year


def make_template(series: Series, year: int = YEAR) -> FormTemplate:
    tpl = FormTemplate.objects.create(series=series, year=year, name="社会科学研究申请书")
    basic = TemplateSection.objects.create(template=tpl, position=1, key="basic", title="基本信息")
    TemplateField.objects.create(
        section=basic, position=1, key="education", label="学历", type="choice",
        required=True, choices=EDUCATION,
    )  # fmt: skip
    TemplateField.objects.create(
        section=basic, position=2, key="work_start_date", label="参加工作时间", type="date",
        required=True,
    )  # fmt: skip
    AttachmentSlot.objects.create(
        section=basic, position=1, key="id_card", label="身份证（正反面）", required=True
    )
    edu = TemplateSection.objects.create(
        template=tpl, position=2, key="education", title="学历学位情况", repeatable=True
    )
    TemplateField.objects.create(
        section=edu, position=1, key="education", label="学历", type="choice",
        required=True, choices=EDUCATION,
    )  # fmt: skip
    TemplateField.objects.create(
        section=edu, position=2, key="degree", label="学位", type="choice",
        required=True, choices=DEGREES,
    )  # fmt: skip
    qual = TemplateSection.objects.create(
        template=tpl, position=3, key="qualification", title="专业技术资格", repeatable=True
    )
    TemplateField.objects.create(
        section=qual, position=1, key="title_name", label="资格名称", type="text", required=True
    )
    TemplateField.objects.create(
        section=qual, position=2, key="obtained_date", label="取得时间", type="date",
        required=True,
    )  # fmt: skip
    teaching = TemplateSection.objects.create(
        template=tpl, position=4, key="teaching", title="教育教学能力", required=False
    )
    AttachmentSlot.objects.create(
        section=teaching, position=1, key="lesson_proof", label="公开课、示范课证明"
    )
    AttachmentSlot.objects.create(
        section=teaching, position=2, key="research_proof", label="论文或课题结题证明"
    )
    TemplateSection.objects.create(
        template=tpl, position=5, key="unit_opinion", title="单位推荐意见",
        filled_by_unit=True, required=False,
    )  # fmt: skip
    return tpl


FULL_RULE = RuleData(
    min_education=Education.BACHELOR,
    years_basis=YearsBasis.TITLE,
    min_years=4,
    hours_per_year=90,
    hours_years=3,
    required_slots=("teaching.lesson_proof",),
    southern_min_education=Education.ASSOCIATE,
    southern_min_years=3,
    note="具有硕士学位的满两年，请单位核实。",
)


def make_rule(series: Series, data: RuleData = FULL_RULE, year: int = YEAR) -> EligibilityRule:
    fields = {k: (list(v) if k == "required_slots" else v) for k, v in data.__dict__.items()}
    return EligibilityRule.objects.create(
        series=series, level=Level.INTERMEDIATE, year=year, **fields
    )


def answer(app: Application, key: str, data: dict[str, Any]) -> None:
    actions.save_section(app.applicant, app.pk, key, data, expected_version=None)


def answer_all(
    app: Application,
    *,
    education: str = "大学本科",
    degree: str = "学士",
    title_dates: tuple[str, ...] = ("2018-07-01",),
    work_start: str = "2012-09-01",
) -> None:
    answer(app, "basic", {"education": education, "work_start_date": work_start})
    answer(app, "education", {"rows": [{"education": education, "degree": degree}]})
    answer(
        app,
        "qualification",
        {
            "rows": [
                {"title_name": f"职称{i}", "obtained_date": d} for i, d in enumerate(title_dates)
            ]
        },
    )


def place(app: Application, section: str, slot: str, colour: str = "white") -> None:
    scan = actions.store_attachment(
        app.applicant, CheckedUpload(make_png(color=colour), "png", f"{slot}.png")
    )
    actions.place_attachment(app.applicant, app.pk, section, slot, scan)


def confirm_hours(app: Application, hours: dict[int, str | Decimal]) -> None:
    """Confirmed 继续教育 records of the applicant, one per year (as the unit confirmed them)."""
    for year, amount in hours.items():
        TrainingRecord.objects.create(
            applicant=app.applicant,
            unit=app.unit,
            year=year,
            category=TrainingRecord.Category.PROFESSIONAL,
            hours=Decimal(amount),
            content="专业科目培训",
            evidence="training/test.png",
            evidence_name="学时证明.png",
            evidence_kind="png",
            status=TrainingRecord.Status.CONFIRMED,
        )


def eligible(app: Application) -> Application:
    """Everything the full rule asks for, in the general (non-southern) case."""
    answer_all(app)
    place(app, "teaching", "lesson_proof")
    confirm_hours(app, {YEAR - 3: "90", YEAR - 2: "90", YEAR - 1: "120"})
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def template(series: Series) -> FormTemplate:
    """Replaces testing/worlds.py's form (`template`) for the tests that import this module."""
    return make_template(series)


def end_of_year(years_back: int = 0) -> date:
    return date(YEAR - years_back, 12, 31)
