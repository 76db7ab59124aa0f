"""A teacher world with the real 中小学教师 template (12 sections) and a special-talent one.

Applications are made, filled and driven through the chain by the real actions, so the
printed forms see exactly what an applicant and the reviewers would have written.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from applications import actions
from applications.models import Application
from applications.sections import section_form_class, section_formset_class, serialise
from catalog.models import (
    BusinessType,
    FormTemplate,
    Level,
    Series,
    Specialty,
    TemplateField,
    TemplateSection,
    Title,
)
from catalog.reference.loader import _load_sections
from catalog.reference.templates_special import special_sections
from catalog.reference.templates_teacher import teacher_sections
from catalog.reference.upsert import Tally
from lib.files import CheckedUpload
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    ChainNode,
    CommitteeScope,
    Department,
    ReviewChain,
    ReviewCommittee,
)
from reviews import actions as review_actions
from testing.files import make_png

RECOMMENDATION = "该同志师德师风良好，教育教学业绩突出，材料真实，同意推荐。"


@pytest.fixture
def teacher_series(db: None) -> Series:
    series = Series.objects.create(code="zxxjs", name="中小学教师", group="教师系列")
    Title.objects.create(series=series, level=Level.INTERMEDIATE, name="一级教师")
    Title.objects.create(series=series, level=Level.SENIOR, name="正高级教师")
    Specialty.objects.create(series=series, name="语文")
    return series


def _template(series: Series, business_type: str, sections: list[dict[str, Any]]) -> None:
    template = FormTemplate.objects.create(
        series=series,
        business_type=business_type,
        year=timezone.localdate().year,
        name=f"{series.name}{BusinessType(business_type).label}申请书",
    )
    _load_sections(template, sections, Tally())


def _chain(committee: ReviewCommittee, business_type: str) -> None:
    chain = ReviewChain.objects.create(committee=committee, business_type=business_type)
    ChainNode.objects.create(chain=chain, position=1, label="基层工作单位", actor="base_unit")
    ChainNode.objects.create(
        chain=chain,
        position=2,
        label="地厅级材料接收部门",
        actor="recommending",
        department_level="prefecture",
    )
    ChainNode.objects.create(chain=chain, position=3, label="评审机构", actor="committee")


@pytest.fixture
def teacher_world(
    committee: ReviewCommittee,
    department: Department,
    unit_a: BaseUnit,
    teacher_series: Series,
) -> ReviewCommittee:
    """乌鲁木齐市 committee judging 中小学教师 中级 (评审) and 正高 (特殊人才认定)."""
    _template(teacher_series, BusinessType.REVIEW, teacher_sections())
    _template(teacher_series, BusinessType.SPECIAL, special_sections())
    unit_a.recommending_units.add(department)
    now = timezone.now()
    for level, business_type in (
        (Level.INTERMEDIATE, BusinessType.REVIEW),
        (Level.SENIOR, BusinessType.SPECIAL),
    ):
        CommitteeScope.objects.create(committee=committee, series=teacher_series, level=level)
        _chain(committee, business_type)
        ApplicationWindow.objects.create(
            committee=committee,
            business_type=business_type,
            year=now.year,
            series=teacher_series,
            opens_at=now - timedelta(days=5),
            closes_at=now + timedelta(days=7),
        )
    committee.paper_deadline = timezone.localdate() + timedelta(days=20)
    committee.paper_contents = "评审表一份（正反面打印）、身份证复印件、学历学位证书复印件、资格证书复印件、年度考核表复印件。"
    committee.paper_binding = "按材料清单顺序排列，左侧装订，装入材料袋。"
    committee.save()
    return committee


LONG_TEXT = (
    "任现职以来主持自治区级课题《南疆地区国家通用语言文字教学质量提升策略研究》"
    "(XJJK2019-042)，在《新疆教育》发表论文3篇；所带班级学业水平考试合格率逐年提高，"
    "指导青年教师8名，其中3名在市级优质课评比中获一等奖。<script>alert(1)</script> "
    "详见 https://example.cn/very/long/path/without/any/breaks/" + "x" * 60 + " 。"
)


def long_value(field: TemplateField, row: int) -> Any:
    """The longest valid answer a field takes (text fields filled to their limit)."""
    from applications.autofill import sample_value

    if field.type in (TemplateField.Type.TEXT, TemplateField.Type.TEXTAREA):
        limit = field.max_length or (2000 if field.type == TemplateField.Type.TEXTAREA else 100)
        text = f"第{row + 1}条 " + LONG_TEXT
        return (text * (limit // len(text) + 1))[:limit]
    if field.type == TemplateField.Type.DATE:
        return "2015-09-01"
    if field.type == TemplateField.Type.MONTH:
        return "2015-09"
    if field.type == TemplateField.Type.INTEGER and field.min_value is not None:
        return int(field.min_value) + row
    return sample_value(field)


def full_answer(section: TemplateSection, fields: list[TemplateField]) -> dict[str, Any]:
    """Every field at its longest and, for a repeatable section, every row it allows."""
    answerable = [f for f in fields if f.type != TemplateField.Type.AUTO]
    if section.repeatable:
        n = section.max_rows
        data: dict[str, Any] = {"form-TOTAL_FORMS": str(n), "form-INITIAL_FORMS": "0"}
        for i in range(n):
            data.update({f"form-{i}-{f.key}": long_value(f, i) for f in answerable})
        formset = section_formset_class(section, fields)(data=data)
        assert formset.is_valid(), (section.key, formset.errors, formset.non_form_errors())
        return {"rows": [serialise(form.cleaned_data) for form in formset.forms]}
    form = section_form_class(section, fields)(data={f.key: long_value(f, 0) for f in answerable})
    assert form.is_valid(), (section.key, form.errors)
    return serialise(form.cleaned_data)


def fill_fully(app: Application) -> Application:
    """Every section at its longest, and a file in every attachment slot."""
    scan = actions.store_attachment(app.applicant, CheckedUpload(make_png(), "png", "证明.png"))
    sections = TemplateSection.objects.filter(template_id=app.template_id).prefetch_related(
        "fields", "slots"
    )
    for section in sections.order_by("position"):
        if section.filled_by_unit:
            continue
        answer = full_answer(section, list(section.fields.all()))
        actions.save_section(app.applicant, app.pk, section.key, answer, expected_version=None)
        for slot in section.slots.all():
            actions.place_attachment(app.applicant, app.pk, section.key, slot.key, scan)
    app.refresh_from_db()
    return app


def drive_to_passed(
    app: Application, unit_admin: User, dept_reviewer: User, committee_staff: User
) -> Application:
    actions.submit(app.applicant, app.pk, expected_version=None)
    review_actions.save_recommendation(
        unit_admin, app.pk, person="张负责", mobile="13900000001", opinion=RECOMMENDATION * 16
    )
    for reviewer in (unit_admin, dept_reviewer, committee_staff):
        review_actions.pass_application(reviewer, app.pk, expected_version=None)
    return Application.objects.get(pk=app.pk)


def _new(applicant: User, series: Series, unit: BaseUnit, level: int, business_type: str) -> Any:
    return actions.create_application(
        applicant,
        title=Title.objects.get(series=series, level=level),
        specialty=Specialty.objects.get(series=series, name="语文"),
        unit=unit,
        business_type=business_type,
    )


@pytest.fixture
def teacher_draft(
    applicant: User, teacher_world: ReviewCommittee, teacher_series: Series, unit_a: BaseUnit
) -> Application:
    return fill_fully(
        _new(applicant, teacher_series, unit_a, Level.INTERMEDIATE, BusinessType.REVIEW)
    )


@pytest.fixture
def teacher_empty(
    applicant: User, teacher_world: ReviewCommittee, teacher_series: Series, unit_a: BaseUnit
) -> Application:
    """A new application with nothing filled in yet."""
    return _new(applicant, teacher_series, unit_a, Level.INTERMEDIATE, BusinessType.REVIEW)


@pytest.fixture
def teacher_passed(
    teacher_draft: Application, unit_admin: User, dept_reviewer: User, committee_staff: User
) -> Application:
    return drive_to_passed(teacher_draft, unit_admin, dept_reviewer, committee_staff)


@pytest.fixture
def special_draft(
    applicant: User, teacher_world: ReviewCommittee, teacher_series: Series, unit_a: BaseUnit
) -> Application:
    return fill_fully(_new(applicant, teacher_series, unit_a, Level.SENIOR, BusinessType.SPECIAL))


@pytest.fixture
def special_passed(
    special_draft: Application, unit_admin: User, dept_reviewer: User, committee_staff: User
) -> Application:
    return drive_to_passed(special_draft, unit_admin, dept_reviewer, committee_staff)


# --- reading PDFs back ---------------------------------------------------------------------


def pdf_text(pdf: bytes, page: int | None = None, tmp: Path | None = None) -> str:
    """The text pdftotext reads (in content-stream order), of one page or all."""
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603
    return done.stdout.decode()


def pdf_pages(pdf: bytes) -> int:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603,S607
    for line in done.stdout.decode().splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("no page count")


def pdf_fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: name, type and whether each font is embedded."""
    done = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603,S607
    rows = []
    for line in done.stdout.decode().splitlines()[2:]:
        parts = line.split()
        # name, type (1-3 words), encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows
