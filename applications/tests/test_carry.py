"""carry.match: the one field matching behind 更改资格 and 复制往年申请书."""

from __future__ import annotations

from applications import actions, carry
from applications.models import Application, SectionData, SlotFile
from catalog.models import FormTemplate, Level, TemplateField, TemplateSection, Title
from orgs.models import CommitteeScope


def version_two(current: FormTemplate) -> FormTemplate:
    """This year's template republished: 性别 offers only 男, no 现任行政职务, no slots."""
    tpl = FormTemplate.objects.create(
        series=current.series, year=current.year, version=2, name=current.name
    )
    basic = TemplateSection.objects.create(template=tpl, position=1, key="basic", title="基本信息")
    TemplateField.objects.create(
        section=basic, position=1, key="sex", label="性别", type="choice", required=True,
        choices=["男"],
    )  # fmt: skip
    TemplateField.objects.create(
        section=basic, position=2, key="work_start", label="参加工作时间", type="date"
    )
    return tpl


def test_copying_leaves_out_and_reports_what_the_new_field_refuses(
    filled: Application,
) -> None:
    new = carry.template_sections(version_two(filled.template).pk)
    old = carry.template_sections(filled.template_id)
    stored = {r.key: r.data for r in SectionData.objects.filter(application=filled)}
    result = carry.match(stored, [], new, old, keep_refused=False)
    assert result.sections["basic"].data == {"work_start": "2015-09-01"}
    assert not result.sections["basic"].is_complete
    assert [(g.kind, g.label, g.section_key) for g in result.gaps] == [
        ("value", "1 基本信息 / 性别", "basic"),
        ("section", "2 学历学位情况", ""),
    ]
    assert "原填写的“女”不符合今年的要求" in result.gaps[0].reason


def test_changing_qualification_keeps_a_refused_value_to_show_it_in_red(
    filled: Application,
) -> None:
    new = carry.template_sections(version_two(filled.template).pk)
    old = carry.template_sections(filled.template_id)
    stored = {r.key: r.data for r in SectionData.objects.filter(application=filled)}
    result = carry.match(stored, [], new, old, keep_refused=True)
    assert result.sections["basic"].data == {"sex": "女", "work_start": "2015-09-01"}
    assert not result.sections["basic"].is_complete
    assert [g.kind for g in result.gaps] == ["section"]


def test_change_qualification_moves_answers_through_the_same_matching(
    filled: Application, title: Title
) -> None:
    version_two(filled.template)
    senior = Title.objects.create(
        series=title.series, level=Level.ASSOCIATE_SENIOR, name="副研究员"
    )
    CommitteeScope.objects.create(
        committee=filled.committee, series=title.series, level=Level.ASSOCIATE_SENIOR
    )
    app = actions.change_qualification(
        filled.applicant,
        filled.pk,
        title=senior,
        specialty=filled.specialty,
        committee=None,
        expected_version=filled.version,
    )
    assert app.template.version == 2 and app.recheck_needed
    basic = SectionData.objects.get(application=app, key="basic")
    assert basic.data == {"sex": "女", "work_start": "2015-09-01"} and not basic.is_complete
    # 学历学位情况 and the 身份证 slot are not in version 2.
    assert list(SectionData.objects.filter(application=app).values_list("key", flat=True)) == [
        "basic"
    ]
    assert not SlotFile.objects.filter(application=app).exists()
