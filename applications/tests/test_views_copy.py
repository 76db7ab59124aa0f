"""新增申请书 with 复制往年申请书: last year's answers and files into this year's template.

Last year's form (a fixture below) differs from this year's (applications/tests/conftest.py
`template`): 基本信息 had 兴趣爱好 and a 近期照片 slot, no 参加工作时间, and allowed a longer
现任行政职务; there was a 获奖情况 section; 学制 went up to 10 years.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications import actions
from applications.models import (
    Application,
    Attachment,
    CarriedOver,
    HistoryEntry,
    SectionData,
    SlotFile,
    Status,
)
from applications.tests.pages import flashed, signed_in, text
from catalog.models import (
    AttachmentSlot,
    FormTemplate,
    Level,
    Series,
    Specialty,
    TemplateField,
    TemplateSection,
    Title,
)
from conftest import make_pdf, make_png
from lib.files import CheckedUpload
from orgs.models import BaseUnit, CommitteeScope, ReviewCommittee

CREATE = reverse("applications:create")
THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1


@pytest.fixture
def old_template(series: Series) -> FormTemplate:
    tpl = FormTemplate.objects.create(series=series, year=LAST_YEAR, name="社会科学研究申请书")
    basic = TemplateSection.objects.create(template=tpl, position=1, key="basic", title="基本信息")
    TemplateField.objects.create(
        section=basic, position=1, key="number", label="申请书编号", type="auto"
    )
    TemplateField.objects.create(
        section=basic, position=2, key="sex", label="性别", type="choice", required=True,
        choices=["男", "女", "保密"],
    )  # fmt: skip
    TemplateField.objects.create(
        section=basic, position=3, key="post", label="现任行政职务", type="text", max_length=50
    )
    TemplateField.objects.create(
        section=basic, position=4, key="hobby", label="兴趣爱好", type="text"
    )
    AttachmentSlot.objects.create(section=basic, position=1, key="idcard", label="身份证")
    AttachmentSlot.objects.create(section=basic, position=2, key="photo", label="近期照片")
    edu = TemplateSection.objects.create(
        template=tpl, position=2, key="education", title="学历学位情况", repeatable=True
    )
    TemplateField.objects.create(
        section=edu, position=1, key="school", label="毕业院校", type="text", required=True
    )
    TemplateField.objects.create(
        section=edu, position=2, key="years", label="学制(年)", type="integer", max_value=10
    )
    awards = TemplateSection.objects.create(
        template=tpl, position=3, key="awards", title="获奖情况", required=False
    )
    TemplateField.objects.create(section=awards, position=1, key="award", label="奖项")
    return tpl


def earlier_application(
    applicant: User,
    template: FormTemplate,
    title: Title,
    specialty: Specialty,
    unit: BaseUnit,
    committee: ReviewCommittee,
    *,
    year: int = LAST_YEAR,
) -> Application:
    """An application of an earlier year, as that year's actions left it (history data)."""
    app = Application.objects.create(
        year=year,
        applicant=applicant,
        series_id=title.series_id,
        level=title.level,
        title=title,
        specialty=specialty,
        unit=unit,
        committee=committee,
        template=template,
        status=Status.DRAFT,
    )
    app.number = f"RSSQ{app.pk:08d}"
    app.save(update_fields=["number"])
    return app


def scan(owner: User, name: str, content: bytes | None = None) -> Attachment:
    kind = name.rsplit(".", 1)[-1]
    return actions.store_attachment(owner, CheckedUpload(content or make_png(), kind, name))


@pytest.fixture
def last_year(
    applicant: User,
    chain_world: ReviewCommittee,
    old_template: FormTemplate,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> Application:
    app = earlier_application(applicant, old_template, title, specialty, unit_a, chain_world)
    SectionData.objects.create(
        application=app,
        key="basic",
        is_complete=True,
        data={
            "sex": "女",
            "post": "经济研究所党支部书记兼宏观经济研究室主任、副所长",  # over 20 characters
            "hobby": "书法",
        },
    )
    SectionData.objects.create(
        application=app,
        key="education",
        is_complete=True,
        data={"rows": [{"school": "新疆大学", "years": 4}, {"school": "北京大学", "years": 9}]},
    )
    SectionData.objects.create(
        application=app, key="awards", is_complete=True, data={"award": "自治区社科优秀成果奖"}
    )
    SlotFile.objects.create(
        application=app,
        section_key="basic",
        slot_key="idcard",
        attachment=scan(applicant, "身份证.png"),
    )
    SlotFile.objects.create(
        application=app,
        section_key="basic",
        slot_key="photo",
        attachment=scan(applicant, "照片.png", make_png(color="blue")),
    )
    return app


def confirm_params(
    title: Title, specialty: Specialty, unit: BaseUnit, **extra: Any
) -> dict[str, Any]:
    return {
        "series": title.series_id,
        "title": title.pk,
        "specialty": specialty.pk,
        "unit": unit.pk,
        **extra,
    }


def posted(
    title: Title, specialty: Specialty, unit: BaseUnit, committee: ReviewCommittee, source: Any
) -> dict[str, Any]:
    return confirm_params(title, specialty, unit, committee=committee.pk, copy_from=source)


def new_application(applicant: User) -> Application:
    return Application.objects.get(applicant=applicant, year=THIS_YEAR)


def gap_labels(app: Application) -> list[str]:
    return [g["label"] for g in CarriedOver.objects.get(application=app).gaps]


def test_it_offers_the_latest_earlier_application_first(
    client: Client,
    last_year: Application,
    old_template: FormTemplate,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    older = earlier_application(
        applicant, old_template, title, specialty, unit_a, chain_world, year=THIS_YEAR - 2
    )
    html = text(signed_in(client, applicant).get(CREATE, confirm_params(title, specialty, unit_a)))
    assert "复制往年申请书的内容" in html
    assert f'name="copy_from" value="{last_year.pk}" checked' in html
    assert f'name="copy_from" value="{older.pk}">' in html
    assert html.index(last_year.number or "") < html.index(older.number or "")
    assert f"{LAST_YEAR} 年 [乌鲁木齐市][中级]社会科学研究/助理研究员" in html
    assert "不复制，从空白申请书开始填写" in html


def test_it_copies_matching_answers_and_files_and_lists_what_did_not_carry(
    client: Client,
    last_year: Application,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    signed_in(client, applicant)
    response = client.post(CREATE, posted(title, specialty, unit_a, chain_world, last_year.pk))
    app = new_application(applicant)
    assert response["Location"] == reverse("applications:edit", args=[app.pk])
    assert app.template.year == THIS_YEAR and app.recheck_needed

    data = {row.key: row.data for row in SectionData.objects.filter(application=app)}
    # 性别 matches; 现任行政职务 is now at most 20 characters; 兴趣爱好 and 获奖情况 are gone.
    assert data["basic"] == {"sex": "女"}
    # The second row's 学制 of 9 years is over this year's 8; its 毕业院校 still carries.
    assert data["education"] == {
        "rows": [{"school": "新疆大学", "years": 4}, {"school": "北京大学"}]
    }
    assert set(data) == {"basic", "education"}
    # The 身份证 scan is shared through the 附件库; the 近期照片 slot does not exist any more.
    idcard = SlotFile.objects.get(application=last_year, slot_key="idcard").attachment_id
    assert list(SlotFile.objects.filter(application=app).values_list("slot_key", "attachment")) == [
        ("idcard", idcard)
    ]

    report = CarriedOver.objects.get(application=app)
    assert (report.source, report.source_year, report.values, report.files) == (
        last_year,
        LAST_YEAR,
        3,  # 性别 and two rows of 学历学位情况
        1,
    )
    assert gap_labels(app) == [
        "1 基本信息 / 现任行政职务",
        "1 基本信息 / 兴趣爱好",
        "2 学历学位情况 第 2 行 / 学制(年)",
        "3 获奖情况",
        "1 基本信息 / 近期照片",
        "1 基本信息 / 参加工作时间",
    ]
    entry = HistoryEntry.objects.get(application=app, action="create")
    assert entry.opinion == f"复制自 {LAST_YEAR} 年的申请书 {last_year.number}"

    assert any(
        f"已从 {LAST_YEAR} 年的申请书 {last_year.number} 复制 4 项内容（其中附件 1 个）" in m
        and "以下内容未能复制，请补填：1 基本信息 / 现任行政职务、1 基本信息 / 兴趣爱好" in m
        and "等 6 项" in m
        for m in flashed(response)
    )
    html = text(client.get(response["Location"]))
    assert f"本申请书的内容复制自 {LAST_YEAR} 年的申请书" in html
    assert "您已更改申请资格" not in html
    assert "未能复制的内容" in html
    assert "今年的模板中此栏目没有该项，未复制。" in html
    assert "今年的申请书模板没有此栏目，其内容未复制。" in html
    assert "今年新增的必填项，请填写。" in html
    assert "今年的模板没有此附件位置，文件“照片.png”未复制（仍在附件库中）。" in html
    section_url = reverse("applications:section", args=[app.pk, "basic"])
    assert f'<a href="{section_url}">去补填</a>' in html
    assert reverse("applications:detail", args=[last_year.pk]) in html
    # The section page shows what carried, ready to check and save.
    html = text(client.get(section_url))
    assert 'value="女" selected' in html or 'value="女" checked' in html
    # Once the section is filled in, its items are marked done (and stay listed).
    actions.save_section(
        applicant,
        app.pk,
        "basic",
        {"sex": "女", "work_start": "2016-09-01", "post": "研究室主任"},
        expected_version=None,
    )
    html = text(client.get(response["Location"]))
    assert html.count('class="gap-done"') == 3 and "栏目已完成" in html
    assert html.count(">去补填</a>") == 1  # 学历学位情况 第 2 行 is still to do


def test_a_value_the_new_field_refuses_is_reported_and_not_copied(
    client: Client,
    last_year: Application,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    # 保密 was a choice last year; this year 性别 offers 男 and 女 only.
    SectionData.objects.filter(application=last_year, key="basic").update(data={"sex": "保密"})
    signed_in(client, applicant).post(
        CREATE, posted(title, specialty, unit_a, chain_world, last_year.pk)
    )
    app = new_application(applicant)
    basic = SectionData.objects.get(application=app, key="basic")
    assert basic.data == {} and not basic.is_complete
    gap = CarriedOver.objects.get(application=app).gaps[0]
    assert gap["label"] == "1 基本信息 / 性别" and gap["section_key"] == "basic"
    assert gap["reason"].startswith("原填写的“保密”不符合今年的要求（")
    assert "未复制，请重新填写。" in gap["reason"]
    html = text(client.get(reverse("applications:edit", args=[app.pk])))
    assert "原填写的“保密”不符合今年的要求" in html


def test_a_file_refused_by_todays_checks_is_reported_and_not_copied(
    client: Client,
    last_year: Application,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    # A file stored before today's checks: a "PDF" that runs JavaScript when opened.
    active = make_pdf().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    )
    stored = Attachment.objects.get(owner=applicant, display_name="身份证.png")
    stored.file.save("old.pdf", ContentFile(active), save=False)
    Attachment.objects.filter(pk=stored.pk).update(file=stored.file.name, display_name="旧扫描.pdf")
    signed_in(client, applicant).post(
        CREATE, posted(title, specialty, unit_a, chain_world, last_year.pk)
    )
    app = new_application(applicant)
    assert not SlotFile.objects.filter(application=app).exists()
    gaps = CarriedOver.objects.get(application=app).gaps
    refused = [g for g in gaps if g["label"] == "旧扫描.pdf"]
    assert refused and refused[0]["slot_key"] == "idcard"
    assert refused[0]["reason"].startswith(
        "文件“旧扫描.pdf”未通过今天的文件检查（PDF 文件含有可执行的脚本（JavaScript）"
    )
    assert "请重新上传" in refused[0]["reason"]


def test_choosing_someone_elses_application_is_refused(
    client: Client,
    old_template: FormTemplate,
    applicant: User,
    outsider: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    theirs = earlier_application(outsider, old_template, title, specialty, unit_a, chain_world)
    SectionData.objects.create(application=theirs, key="basic", data={"sex": "男"})
    html = text(
        signed_in(client, applicant).post(
            CREATE, posted(title, specialty, unit_a, chain_world, theirs.pk)
        )
    )
    assert "所选的往年申请书不存在或不是您的申请书，请重新选择。" in html
    assert not Application.objects.filter(applicant=applicant).exists()
    # Said beside the choice, which offers only 不复制 (the applicant has nothing earlier).
    assert 'id="copy-error"' in html and html.count('name="copy_from"') == 1
    # The action refuses it too, as a 404, whoever calls it.
    with pytest.raises(Http404):
        actions.create_application(
            applicant, title=title, specialty=specialty, unit=unit_a, copy_from=theirs.pk
        )
    assert not Application.objects.filter(applicant=applicant).exists()


def test_a_forged_id_is_refused_beside_the_choice_and_the_choices_are_kept(
    client: Client,
    last_year: Application,
    applicant: User,
    outsider: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    html = text(
        signed_in(client, applicant).post(
            CREATE, posted(title, specialty, unit_a, chain_world, "99999")
        )
    )
    # Beside the choice (the group described by it) and linked from the error summary.
    beside = html.split('id="copy-error">', 1)[1].split("</div>", 1)[0]
    assert "所选的往年申请书不存在" in beside
    assert 'id="step-copy" aria-describedby="copy-error"' in html
    summary = html.split('id="form-errors"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#copy-sources">所选的往年申请书不存在' in summary
    assert f'name="copy_from" value="{last_year.pk}" aria-invalid="true"' in html
    assert f'id="confirm-unit">{unit_a.name}<' in html
    assert not Application.objects.filter(applicant=applicant, year=THIS_YEAR).exists()


def test_this_years_own_application_is_not_offered(
    client: Client,
    draft: Application,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    senior = Title.objects.create(
        series=title.series, level=Level.ASSOCIATE_SENIOR, name="副研究员"
    )
    CommitteeScope.objects.create(
        committee=chain_world, series=title.series, level=Level.ASSOCIATE_SENIOR
    )
    html = text(signed_in(client, applicant).get(CREATE, confirm_params(senior, specialty, unit_a)))
    assert 'id="confirm-form"' in html and 'id="step-copy"' not in html
    html = text(client.post(CREATE, posted(senior, specialty, unit_a, chain_world, draft.pk)))
    assert "所选的往年申请书不存在或不是您的申请书，请重新选择。" in html
    with pytest.raises(Http404):
        actions.create_application(
            applicant, title=senior, specialty=specialty, unit=unit_a, copy_from=draft.pk
        )
    assert list(Application.objects.filter(applicant=applicant)) == [draft]


def test_without_an_earlier_application_no_copy_is_offered(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    signed_in(client, applicant)
    html = text(client.get(CREATE, confirm_params(title, specialty, unit_a)))
    assert 'id="confirm-form"' in html and 'id="step-copy"' not in html
    assert "复制往年申请书" not in html
    response = client.post(CREATE, posted(title, specialty, unit_a, chain_world, ""))
    app = new_application(applicant)
    assert not app.recheck_needed and not CarriedOver.objects.exists()
    assert not any("复制" in m for m in flashed(response))


def test_choosing_not_to_copy_creates_a_blank_application(
    client: Client,
    last_year: Application,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    signed_in(client, applicant).post(CREATE, posted(title, specialty, unit_a, chain_world, ""))
    app = new_application(applicant)
    assert not SectionData.objects.filter(application=app).exists()
    assert not SlotFile.objects.filter(application=app).exists()
    assert not CarriedOver.objects.exists() and not app.recheck_needed


def test_the_copy_respects_one_application_per_title_per_year(
    client: Client,
    last_year: Application,
    draft: Application,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    html = text(
        signed_in(client, applicant).post(
            CREATE, posted(title, specialty, unit_a, chain_world, last_year.pk)
        )
    )
    assert "同一个资格在同一年度只可以申请一次" in html
    assert Application.objects.filter(applicant=applicant, year=THIS_YEAR).count() == 1
    assert not SectionData.objects.filter(application=draft).exists()
    assert not CarriedOver.objects.exists()


def test_deleting_either_application_leaves_the_other_ones_files(
    client: Client,
    last_year: Application,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    signed_in(client, applicant).post(
        CREATE, posted(title, specialty, unit_a, chain_world, last_year.pk)
    )
    app = new_application(applicant)
    placed = SlotFile.objects.get(application=app)
    actions.delete_application(applicant, last_year.pk, expected_version=None)
    response = client.get(reverse("applications:attachment", args=[app.pk, placed.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    report = CarriedOver.objects.get(application=app)
    assert report.source is None and report.source_number == last_year.number
    html = text(client.get(reverse("applications:edit", args=[app.pk])))
    assert f"已从 {LAST_YEAR} 年的申请书 {last_year.number} 复制" in html
    assert reverse("applications:detail", args=[last_year.pk]) not in html


def test_the_create_page_answers_in_the_same_queries_for_1_or_20_earlier_applications(
    client: Client,
    last_year: Application,
    old_template: FormTemplate,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    chain_world: ReviewCommittee,
) -> None:
    signed_in(client, applicant)
    params = confirm_params(title, specialty, unit_a)

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            html = text(client.get(CREATE, params))
        return len(queries), html

    count()  # the first page after signing in loads what the session caches
    one, html = count()
    assert html.count('name="copy_from"') == 2  # last year's, and 不复制
    for back in range(2, 21):
        earlier_application(
            applicant, old_template, title, specialty, unit_a, chain_world, year=THIS_YEAR - back
        )
    twenty, html = count()
    assert html.count('name="copy_from"') == 21
    assert one == twenty
