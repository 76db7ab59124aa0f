"""The catalogue and the form templates loaded as data by load_reference_data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from catalog.models import (
    AttachmentSlot,
    BusinessType,
    FormTemplate,
    Level,
    QualificationCondition,
    Series,
    Specialty,
    TemplateField,
    TemplateSection,
    Title,
)
from catalog.reference import loader as catalog_loader
from catalog.reference.loader import TEMPLATES, snapshot
from catalog.reference.upsert import Tally
from orgs.reference.loader import load_reference_data

pytestmark = pytest.mark.django_db

TEACHER_SECTIONS = [
    "基本信息",
    "教师情况",
    "学历学位情况",
    "专业技术资格",
    "(聘)任现职期间考核",
    "继续教育",
    "教育教学能力",
    "获得的知识产权",
    "支教交流经历",
    "担任学术团体职务",
    "其他附件或证明材料",
    "单位推荐意见",
]


@pytest.fixture
def reference() -> Tally:
    return load_reference_data()


def template(series_code: str, business_type: str = BusinessType.REVIEW) -> FormTemplate:
    return FormTemplate.objects.get(
        series__code=series_code, business_type=business_type, year=2026, version=1
    )


def fields_of(tpl: FormTemplate, section_key: str) -> dict[str, TemplateField]:
    section = tpl.sections.get(key=section_key)
    return {f.label: f for f in section.fields.all()}


@pytest.mark.parametrize("code", ["zxxjs", "yeyjs"])
def test_the_teacher_template_has_the_twelve_sections_of_the_seed(
    reference: Tally, code: str
) -> None:
    tpl = template(code)
    sections = list(tpl.sections.order_by("position"))
    assert [s.title for s in sections] == TEACHER_SECTIONS
    assert [s.position for s in sections] == list(range(1, 13))
    assert [s.title for s in sections if s.filled_by_unit] == ["单位推荐意见"]
    repeatable = {s.title for s in sections if s.repeatable}
    assert repeatable == {
        "学历学位情况",
        "专业技术资格",
        "(聘)任现职期间考核",
        "继续教育",
        "获得的知识产权",
        "支教交流经历",
        "担任学术团体职务",
    }


def test_basic_information_has_the_seed_fields(reference: Tally) -> None:
    fields = fields_of(template("zxxjs"), "basic")
    for label in ("申请书编号", "身份证号", "基层工作单位", "申请资格"):
        assert fields[label].type == TemplateField.Type.AUTO
    for label in ("性别", "民族", "学历", "政治面貌", "单位性质"):
        assert fields[label].type == TemplateField.Type.CHOICE and fields[label].choices
        assert fields[label].required
    assert "维吾尔族" in fields["民族"].choices and len(fields["民族"].choices) == 56
    assert fields["单位性质"].choices == ["自治区级单位", "地州级单位", "县级及以下单位"]
    for label in ("是否转评或跨专业", "参加当年访惠聚"):
        assert fields[label].type == TemplateField.Type.BOOLEAN
    for label in ("出生日期", "参加工作时间"):
        assert fields[label].type == TemplateField.Type.DATE
    assert {"拟申报专业", "姓名", "所在部门", "现(兼)任行政职务"} <= set(fields)
    assert fields["姓名"].max_length == 50
    assert not fields["现(兼)任行政职务"].required
    slots = template("zxxjs").sections.get(key="basic").slots.all()
    assert [s.label for s in slots] == ["身份证（正反面）"] and slots[0].required


def test_teacher_situation_has_types_and_ranges(reference: Tally) -> None:
    fields = fields_of(template("yeyjs"), "teacher")
    assert list(fields) == [
        "教师类型",
        "是否援疆教师",
        "教龄",
        "取得何种教师资格",
        "是否南疆四地州任教教师",
        "农村任教经历(年)",
    ]
    assert "农村学校 - 公共课教师" in fields["教师类型"].choices
    assert "幼儿园教师资格" in fields["取得何种教师资格"].choices
    assert fields["是否援疆教师"].type == fields["是否南疆四地州任教教师"].type == "boolean"
    assert fields["教龄"].type == "integer"
    assert (fields["教龄"].min_value, fields["教龄"].max_value) == (Decimal(0), Decimal(50))
    assert fields["农村任教经历(年)"].type == "decimal"
    assert fields["农村任教经历(年)"].min_value == 0


def test_attachment_slots_hold_the_usual_evidence(reference: Tally) -> None:
    labels = set(
        AttachmentSlot.objects.filter(section__template=template("zxxjs")).values_list(
            "label", flat=True
        )
    )
    assert {
        "身份证（正反面）",
        "学历证书",
        "教师资格证",
        "年度考核表",
        "继续教育学时证明",
    } <= labels


def test_the_unit_opinion_is_written_by_the_unit(reference: Tally) -> None:
    fields = fields_of(template("zxxjs"), "unit_opinion")
    assert list(fields) == ["职称工作负责人", "职称工作负责人手机", "单位推荐意见"]
    assert fields["单位推荐意见"].max_length == 1000 and fields["单位推荐意见"].required
    assert fields["职称工作负责人手机"].type == "phone"


@pytest.mark.parametrize("code", ["zxxjs", "yeyjs", "gxjs", "sky", "cb", "ws", "gc"])
def test_every_series_has_a_review_and_a_special_talent_template(
    reference: Tally, code: str
) -> None:
    review = template(code)
    sections = list(review.sections.order_by("position"))
    assert 6 <= len(sections) <= 12
    assert sections[0].title == "基本信息" and sections[-1].title == "单位推荐意见"
    assert sections[-1].filled_by_unit
    assert all(s.fields.exists() for s in sections), code
    special = template(code, BusinessType.SPECIAL)
    titles = [s.title for s in special.sections.order_by("position")]
    assert "突出贡献" in titles and "证明材料" in titles and titles[-1] == "单位推荐意见"
    assert special.sections.get(key="evidence").slots.filter(required=True).exists()


def test_series_titles_and_specialties(reference: Tally) -> None:
    teachers = Series.objects.filter(group="教师系列").values_list("name", flat=True)
    assert set(teachers) == {"中小学教师", "幼儿园教师"}
    zxx = Title.objects.filter(series__code="zxxjs")
    assert [(t.name, t.level) for t in zxx] == [
        ("三级教师", Level.JUNIOR),
        ("二级教师", Level.JUNIOR),
        ("一级教师", Level.INTERMEDIATE),
        ("高级教师", Level.ASSOCIATE_SENIOR),
        ("正高级教师", Level.SENIOR),
    ]
    assert list(Title.objects.filter(series__code="sky").values_list("name", flat=True)) == [
        "研究实习员",
        "助理研究员",
        "副研究员",
        "研究员",
    ]
    assert list(Title.objects.filter(series__code="cb").values_list("name", flat=True)) == [
        "助理编辑",
        "编辑",
        "副编审",
        "编审",
    ]
    assert Specialty.objects.filter(series__code="yeyjs", name="幼儿教育").exists()
    for series in Series.objects.all():
        assert series.specialties.exists() and series.titles.count() >= 4


def test_conditions_exist_for_every_series_and_level(reference: Tally) -> None:
    assert QualificationCondition.objects.count() == Series.objects.count() * 4
    cond = QualificationCondition.objects.get(series__code="zxxjs", level=Level.INTERMEDIATE)
    assert cond.title == "中小学教师中级（一级教师）任职资格条件"
    for part in ("基本条件", "学历与资历", "业绩成果", "实践能力"):
        assert part in cond.text
    assert len(cond.text.split("\n\n")) >= 5


def test_reloading_gives_identical_templates(reference: Tally) -> None:
    before = {str(t): snapshot(t) for t in FormTemplate.objects.all()}
    counts = (
        TemplateSection.objects.count(),
        TemplateField.objects.count(),
        AttachmentSlot.objects.count(),
    )
    tally = load_reference_data()
    assert tally.changed == 0
    assert {str(t): snapshot(t) for t in FormTemplate.objects.all()} == before
    assert counts == (
        TemplateSection.objects.count(),
        TemplateField.objects.count(),
        AttachmentSlot.objects.count(),
    )


def test_stored_templates_equal_the_reference_data(reference: Tally) -> None:
    for data in TEMPLATES:
        tpl = template(data["series"], data["business_type"])
        assert snapshot(tpl) == data["sections"], tpl.name


def test_reloading_restores_a_reordered_unused_template(reference: Tally) -> None:
    tpl = template("sky")
    first, second = tpl.sections.get(position=1), tpl.sections.get(position=2)
    first.position = 99
    first.save()
    second.position, first.position = 1, 2
    second.save()
    first.save()
    label = TemplateField.objects.get(section=second, key="end_month")
    label.label = "改过的名称"
    label.save()

    load_reference_data()

    assert snapshot(tpl) == next(
        d["sections"] for d in TEMPLATES if d["series"] == "sky" and d["business_type"] == "review"
    )


def test_a_template_in_use_is_never_altered(reference: Tally, monkeypatch: Any) -> None:
    tpl = template("gc")
    field = TemplateField.objects.get(section__template=tpl, section__key="basic", key="name")
    field.label = "申请人姓名"
    field.save()
    monkeypatch.setattr(catalog_loader, "template_in_use", lambda t: t.pk == tpl.pk)

    tally = load_reference_data()

    field.refresh_from_db()
    assert field.label == "申请人姓名"
    assert tally.changed == 0
    assert any("已被申请书使用" in w for w in tally.warnings)


def test_nothing_uses_a_fresh_template(reference: Tally) -> None:
    assert not catalog_loader.template_in_use(template("zxxjs"))
