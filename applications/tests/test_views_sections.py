"""编辑申请书: the section list and each section's editor (save, validation, rows, stale pages)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications import actions
from applications.models import Application, SectionData
from applications.tests.pages import signed_in, text
from catalog.models import Level, Specialty, Title
from conftest import APPLICANT_ID
from orgs.models import CommitteeScope


def section_url(app: Application, key: str) -> str:
    return reverse("applications:section", args=[app.pk, key])


def basic(**values: Any) -> dict[str, Any]:
    return {"section_version": 0, "sex": "女", "work_start": "2015-09-01", "post": "", **values}


def rows(*items: dict[str, Any], version: int = 0, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "section_version": version,
        "rows-TOTAL_FORMS": len(items),
        "rows-INITIAL_FORMS": 0,
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 3,
        **extra,
    }
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"rows-{i}-{key}"] = value
    return data


def stored(app: Application, key: str) -> SectionData | None:
    return SectionData.objects.filter(application=app, key=key).first()


# --- the section list ----------------------------------------------------------------------


def test_the_edit_page_lists_sections_with_their_state(client: Client, draft: Application) -> None:
    html = text(
        signed_in(client, draft.applicant).get(reverse("applications:edit", args=[draft.pk]))
    )
    assert "编辑申请书/提交" in html and str(draft.number) in html
    basic_row = html.split('id="entry-basic"', 1)[1].split("</tr>", 1)[0]
    assert "未完成" in basic_row and section_url(draft, "basic") in basic_row
    unit_row = html.split('id="entry-recommendation"', 1)[1].split("</tr>", 1)[0]
    assert "由单位填写" in unit_row and section_url(draft, "recommendation") not in unit_row
    assert "已提交 0/2 次" in html and "提交至工作单位" in html


def test_a_filled_application_shows_every_section_complete(
    client: Client, filled: Application
) -> None:
    html = text(
        signed_in(client, filled.applicant).get(reverse("applications:edit", args=[filled.pk]))
    )
    for key in ("basic", "education"):
        assert "已完成" in html.split(f'id="entry-{key}"', 1)[1].split("</tr>", 1)[0]
    assert 'id="incomplete"' not in html


# --- one section ---------------------------------------------------------------------------


def test_the_editor_shows_hints_and_system_values(client: Client, draft: Application) -> None:
    from catalog.models import TemplateField, TemplateSection
    from catalog.templates import bump_revision

    section = TemplateSection.objects.get(template=draft.template, key="basic")
    section.hint = "请按身份证如实填写"
    section.save()
    TemplateField.objects.create(
        section=section, position=9, key="id_number", label="身份证号", type="auto"
    )
    TemplateField.objects.filter(section=section, key="post").update(hint="没有行政职务的可不填")
    bump_revision(draft.template_id)  # as every write to a template does
    html = text(signed_in(client, draft.applicant).get(section_url(draft, "basic")))
    assert "请按身份证如实填写" in html and "没有行政职务的可不填" in html
    assert (
        'id="auto-number"' in html
        and str(draft.number) in html.split('id="auto-number"', 1)[1][:200]
    )
    assert APPLICANT_ID in html  # the holder sees their own number in full
    assert 'name="sex"' in html and 'name="work_start"' in html
    assert 'name="section_version" value="0"' in html


def test_a_unit_filled_section_is_not_for_the_applicant(client: Client, draft: Application) -> None:
    signed_in(client, draft.applicant)
    assert client.get(section_url(draft, "recommendation")).status_code == 404
    assert (
        client.post(section_url(draft, "recommendation"), {"section_version": 0}).status_code == 404
    )
    assert client.get(section_url(draft, "nosuch")).status_code == 404
    assert stored(draft, "recommendation") is None


def test_a_valid_section_is_saved(client: Client, draft: Application) -> None:
    response = signed_in(client, draft.applicant).post(
        section_url(draft, "basic"), basic(post="办公室主任")
    )
    assert response.status_code == 302 and response["Location"] == section_url(draft, "basic")
    row = stored(draft, "basic")
    assert row is not None and row.is_complete and row.version == 1
    assert row.data == {"sex": "女", "work_start": "2015-09-01", "post": "办公室主任"}
    html = text(client.get(response["Location"]))
    assert "“1 基本信息”已保存" in html
    assert 'value="办公室主任"' in html and 'name="section_version" value="1"' in html


def test_save_and_next_goes_to_the_next_section(client: Client, draft: Application) -> None:
    response = signed_in(client, draft.applicant).post(
        section_url(draft, "basic"), basic(save_next="1")
    )
    assert response["Location"] == section_url(draft, "education")
    response = client.post(
        section_url(draft, "education"), rows({"school": "新疆大学", "years": 4}, save_next="1")
    )
    assert response["Location"] == reverse("applications:edit", args=[draft.pk])  # the last one


def test_missing_and_bad_values_keep_what_was_typed_and_save_nothing(
    client: Client, draft: Application
) -> None:
    response = signed_in(client, draft.applicant).post(
        section_url(draft, "basic"), basic(sex="", work_start="2015-13-45", post="科长")
    )
    html = text(response)
    assert response.status_code == 200
    assert "请选择性别" in html
    assert "输入一个有效的日期" in html
    assert 'value="2015-13-45"' in html and 'value="科长"' in html
    assert "未保存任何内容" in html
    assert stored(draft, "basic") is None


def test_text_too_long_and_control_characters_are_refused(
    client: Client, draft: Application
) -> None:
    signed_in(client, draft.applicant)
    html = text(client.post(section_url(draft, "basic"), basic(post="长" * 21)))
    assert "不超过 20 字符 (目前字符数 21)" in html and 'value="' + "长" * 21 + '"' in html
    assert stored(draft, "basic") is None
    html = text(client.post(section_url(draft, "basic"), basic(post="科长\u202e")))
    assert "控制字符" in html
    html = text(client.post(section_url(draft, "basic"), basic(post="科\x07长")))
    assert "控制字符" in html
    assert stored(draft, "basic") is None


def test_a_date_out_of_range_is_refused(client: Client, draft: Application) -> None:
    html = text(
        signed_in(client, draft.applicant).post(
            section_url(draft, "basic"), basic(work_start="1850-01-01")
        )
    )
    assert "日期不在合理范围内" in html
    assert stored(draft, "basic") is None


# --- repeatable sections -------------------------------------------------------------------


def test_rows_are_saved_and_a_number_out_of_range_is_refused(
    client: Client, draft: Application
) -> None:
    signed_in(client, draft.applicant)
    html = text(
        client.post(section_url(draft, "education"), rows({"school": "新疆大学", "years": 9}))
    )
    assert "确保该值小于或等于8" in html and 'value="新疆大学"' in html and 'value="9"' in html
    assert stored(draft, "education") is None
    html = text(
        client.post(section_url(draft, "education"), rows({"school": "新疆大学", "years": "四"}))
    )
    assert "输入整数" in html
    assert stored(draft, "education") is None

    response = client.post(
        section_url(draft, "education"),
        rows(
            {"school": "新疆大学", "years": 4}, {"school": "", "years": ""}
        ),  # an empty row is dropped
    )
    assert response.status_code == 302
    row = stored(draft, "education")
    assert row is not None and row.data == {"rows": [{"school": "新疆大学", "years": 4}]}


def test_add_row_redraws_with_one_more_empty_row_and_saves_nothing(
    client: Client, draft: Application
) -> None:
    response = signed_in(client, draft.applicant).post(
        section_url(draft, "education"), rows({"school": "新疆大学", "years": 4}, add_row="1")
    )
    html = text(response)
    assert response.status_code == 200
    assert 'name="rows-TOTAL_FORMS" value="2"' in html
    assert 'name="rows-1-school"' in html and 'value="新疆大学"' in html
    assert "请填写毕业院校" not in html  # the new row is not reported as missing
    assert stored(draft, "education") is None


def test_add_row_stops_at_the_maximum(client: Client, draft: Application) -> None:
    three = rows(*[{"school": f"学校{i}", "years": 4} for i in range(3)], add_row="1")
    html = text(signed_in(client, draft.applicant).post(section_url(draft, "education"), three))
    assert 'name="rows-TOTAL_FORMS" value="3"' in html
    assert "增加一行" not in html


def test_a_ticked_row_is_deleted(client: Client, draft: Application) -> None:
    signed_in(client, draft.applicant)
    client.post(
        section_url(draft, "education"),
        rows({"school": "甲", "years": 4}, {"school": "乙", "years": 3}),
    )
    response = client.post(
        section_url(draft, "education"),
        rows({"school": "甲", "years": 4}, {"school": "乙", "years": 3, "DELETE": "on"}, version=1),
    )
    assert response.status_code == 302
    row = stored(draft, "education")
    assert (
        row is not None
        and row.data == {"rows": [{"school": "甲", "years": 4}]}
        and row.version == 2
    )


def test_a_required_repeatable_section_needs_a_row(client: Client, draft: Application) -> None:
    html = text(signed_in(client, draft.applicant).post(section_url(draft, "education"), rows()))
    assert "本栏目至少填写 1 行" in html
    assert stored(draft, "education") is None


def test_saved_rows_are_shown_again(client: Client, filled: Application) -> None:
    html = text(signed_in(client, filled.applicant).get(section_url(filled, "education")))
    assert 'name="rows-0-school"' in html and 'value="新疆大学"' in html and 'value="4"' in html


# --- stale pages and state -----------------------------------------------------------------


def test_a_stale_section_version_is_refused(client: Client, draft: Application) -> None:
    signed_in(client, draft.applicant)
    client.post(section_url(draft, "basic"), basic(post="第一个窗口"))
    response = client.post(section_url(draft, "basic"), basic(post="第二个窗口", section_version=0))
    html = text(response)
    assert response.status_code == 200
    assert "该栏目已在其他窗口保存过，本次保存未执行" in html
    assert 'value="第二个窗口"' in html  # what was typed is still on the page
    row = stored(draft, "basic")
    assert row is not None and row.data["post"] == "第一个窗口" and row.version == 1


def test_a_post_without_a_version_is_refused(client: Client, draft: Application) -> None:
    data = basic()
    del data["section_version"]
    html = text(signed_in(client, draft.applicant).post(section_url(draft, "basic"), data))
    assert "页面已过期" in html
    assert stored(draft, "basic") is None


def test_a_submitted_application_cannot_be_edited(client: Client, submitted: Application) -> None:
    signed_in(client, submitted.applicant)
    before = stored(submitted, "basic")
    assert before is not None
    response = client.get(section_url(submitted, "basic"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "applications:detail", args=[submitted.pk]
    )
    response = client.get(reverse("applications:edit", args=[submitted.pk]))
    assert response["Location"] == reverse("applications:detail", args=[submitted.pk])
    html = text(
        client.post(
            section_url(submitted, "basic"), basic(post="改了", section_version=before.version)
        )
    )
    assert "审核期间不能修改" in html
    after = stored(submitted, "basic")
    assert after is not None and after.data == before.data and after.version == before.version


def test_after_a_change_of_qualification_a_banner_asks_to_recheck(
    client: Client, filled: Application, title: Title, specialty: Specialty
) -> None:
    senior = Title.objects.create(
        series=title.series, level=Level.ASSOCIATE_SENIOR, name="副研究员"
    )
    CommitteeScope.objects.create(
        committee=filled.committee, series=title.series, level=Level.ASSOCIATE_SENIOR
    )
    actions.change_qualification(
        filled.applicant,
        filled.pk,
        title=senior,
        specialty=specialty,
        committee=None,
        expected_version=None,
    )
    signed_in(client, filled.applicant)
    for url in (reverse("applications:edit", args=[filled.pk]), section_url(filled, "basic")):
        assert "请逐一打开各栏目检查" in text(client.get(url))


def test_comments_of_a_return_are_shown_beside_the_section(
    client: Client, submitted: Application, unit_admin: User
) -> None:
    from applications.tests.pages import returned

    returned(submitted, unit_admin, comment="单位性质选择错误", opinion="请修改基本信息")
    signed_in(client, submitted.applicant)
    html = text(client.get(reverse("applications:edit", args=[submitted.pk])))
    assert (
        "请修改基本信息" in html
        and 'class="section-comment"' in html
        and "单位性质选择错误" in html
    )
    html = text(client.get(section_url(submitted, "basic")))
    assert "[基层工作单位]修改意见：单位性质选择错误" in html


def test_an_optional_repeatable_section_left_empty_does_not_block_submission(
    client: Client, filled: Application
) -> None:
    """Fixed in actions.section_status: required row fields do not make an optional table required."""
    from catalog.models import TemplateField, TemplateSection
    from catalog.templates import bump_revision

    patents = TemplateSection.objects.create(
        template=filled.template,
        position=4,
        key="patents",
        title="获得的知识产权",
        repeatable=True,
        required=False,
    )
    TemplateField.objects.create(
        section=patents, position=1, key="name", label="名称", type="text", required=True
    )
    bump_revision(filled.template_id)  # as every write to a template does
    signed_in(client, filled.applicant)
    html = text(client.get(reverse("applications:edit", args=[filled.pk])))
    assert "已完成" in html.split('id="entry-patents"', 1)[1].split("</tr>", 1)[0]
    version = Application.objects.get(pk=filled.pk).version
    client.post(reverse("applications:submit", args=[filled.pk]), {"version": version})
    assert Application.objects.get(pk=filled.pk).status == "in_review"
