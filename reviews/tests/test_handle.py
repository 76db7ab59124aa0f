"""办理: the application read-only with comment boxes, its steps, the unit's recommendation,
退回 and 提交/审核通过 — every refused step changes nothing and says why."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications import actions
from applications.models import Application, HistoryEntry, Status
from conftest import APPLICANT_ID
from lib.idcard import mask_id_number
from orgs.models import BaseUnit
from reviews import actions as review_actions
from reviews.models import Recommendation, SectionComment
from reviews.tests.conftest import fresh, handle_url, post
from testing.pages import text
from testing.worlds import recommend

pytestmark = pytest.mark.django_db

GOOD_OPINION = "该同志政治立场坚定，业绩突出，同意推荐。"


def rec_data(opinion: str = GOOD_OPINION, **extra: str) -> dict[str, str]:
    return {"person": "如则麦 普", "mobile": "15999370000", "opinion": opinion, **extra}


def state(app: Application) -> tuple[Any, ...]:
    now = fresh(app)
    return (
        now.status,
        now.position,
        now.version,
        now.holder_unit_id,
        now.holder_department_id,
        now.holder_committee_id,
        HistoryEntry.objects.filter(application=app).count(),
    )


# --- what the page shows --------------------------------------------------------------------


def test_the_page_shows_the_whole_application(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    page = text(client.get(handle_url(submitted)))
    assert "办理申请书" in page
    assert "[乌鲁木齐市][中级]社会科学研究/助理研究员/ 张三 [手机: 13800000001]" in page
    assert "[申请人]提交到[基层工作单位] 办理时间:" in page
    assert 'class="chain"' in page and 'aria-current="step"' in page
    for tab in ["申请书信息", "申请书步骤", "单位推荐意见"]:
        assert tab in page
    assert "1 基本信息" in page and "2 学历学位情况" in page and "新疆大学" in page
    file_id = submitted.slot_files.get().pk
    assert reverse("applications:attachment", args=[submitted.pk, file_id]) in page
    assert 'id="comment-basic"' in page and 'id="comment-education"' in page
    assert 'id="comment-recommendation"' not in page  # the unit's own section takes no comment
    assert 'id="actions"' in page


def test_reviewers_see_the_id_number_masked_only(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    from catalog.models import TemplateField
    from catalog.templates import bump_revision

    TemplateField.objects.create(
        section=submitted.template.sections.get(key="basic"),
        position=9,
        key="id_number",
        label="身份证号",
        type="auto",
    )
    bump_revision(submitted.template_id)  # as every write to a template does
    client.force_login(unit_admin)
    page = text(client.get(handle_url(submitted)))
    assert mask_id_number(APPLICANT_ID) in page
    assert APPLICANT_ID not in page


def test_the_steps_tab_lists_the_history(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    page = text(client.get(handle_url(submitted, "steps")))
    for heading in ["办理人", "角色", "从", "到", "意见", "时间"]:
        assert f"<th>{heading}</th>" in page
    assert page.count("<td>申请人</td>") >= 2 and "<td>基层工作单位</td>" in page


@pytest.mark.parametrize("who", ["unit_admin", "dept_reviewer", "committee_staff"])
def test_every_reviewer_who_can_see_it_sees_the_steps(
    client: Client, request: Any, who: str, at_committee: Application
) -> None:
    client.force_login(request.getfixturevalue(who))
    page = text(client.get(handle_url(at_committee, "steps")))
    assert "新疆财经大学" in page and "乌鲁木齐市人社局" in page  # the organisations that acted
    assert "基层工作单位管理员" in page and "审核部门管理员" in page
    assert GOOD_OPINION in page  # the unit's pass carries its recommendation


def test_the_recommendation_tab_is_for_unit_admins_only(
    client: Client, dept_reviewer: User, at_department: Application
) -> None:
    client.force_login(dept_reviewer)
    page = text(client.get(handle_url(at_department, "recommendation")))
    assert f'href="{handle_url(at_department, "recommendation")}"' not in page
    assert 'id="tab-info"' in page
    # The saved recommendation shows, read-only, in its section of the application.
    assert GOOD_OPINION in page and "张负责" in page


def test_not_at_your_node_is_read_only(
    client: Client, unit_admin: User, at_department: Application
) -> None:
    client.force_login(unit_admin)
    for tab in ["", "steps", "recommendation"]:
        page = text(client.get(handle_url(at_department, tab)))
        assert "查看申请书" in page and "只供查看" in page
        assert "comment-form" not in page and 'id="actions"' not in page
        assert 'action="' + reverse("reviews:recommend", args=[at_department.pk]) not in page


def test_dept_reviewer_gets_the_same_page_for_their_node(
    client: Client, dept_reviewer: User, at_department: Application
) -> None:
    client.force_login(dept_reviewer)
    page = text(client.get(handle_url(at_department)))
    assert "办理申请书" in page and 'id="comment-basic"' in page
    assert "审核通过，提交至[评审机构]" in page
    assert "退回申请人修改" in page


def test_committee_staff_see_the_last_step(
    client: Client, committee_staff: User, at_committee: Application
) -> None:
    client.force_login(committee_staff)
    assert "审核通过（通过形式审核）" in text(client.get(handle_url(at_committee)))


# --- 栏目修改意见 ----------------------------------------------------------------------------------


def test_a_comment_is_saved_shown_and_removed(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    response = post(client, "comment", submitted, {"text": "  单位性质选择错误  "}, "basic")
    assert response.status_code == 302
    assert response["Location"] == handle_url(submitted) + "#section-basic"
    saved = SectionComment.objects.get(application=submitted, section_key="basic")
    assert (
        saved.text == "单位性质选择错误"
        and saved.author == unit_admin
        and saved.node_label == "基层工作单位"
    )
    page = text(client.get(response["Location"]))
    assert "栏目修改意见已保存" in page and "已保存的意见" in page and "单位性质选择错误" in page
    post(client, "comment", submitted, {"text": "学历请补充"}, "education")
    assert SectionComment.objects.filter(application=submitted).count() == 2
    response = post(client, "comment", submitted, {"text": "   "}, "basic")
    assert response.status_code == 302
    assert list(SectionComment.objects.values_list("section_key", flat=True)) == ["education"]
    assert "已删除该栏目的修改意见" in text(client.get(response["Location"]))
    assert state(submitted)[2] == submitted.version  # comments do not move the application


def test_a_long_comment_is_refused_and_kept(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    response = post(client, "comment", submitted, {"text": "长" * 1001}, "basic")
    assert response.status_code == 200
    page = text(response)
    assert "栏目修改意见不能超过 1000 字（当前 1001 字）" in page
    assert "长" * 1001 in page  # what was typed is kept
    # Drawn at the POST address, so the tabs must lead back to the page itself.
    assert f'href="{handle_url(submitted, "steps")}"' in page
    assert not SectionComment.objects.exists()


def test_a_comment_on_an_unknown_section_is_404(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    assert post(client, "comment", submitted, {"text": "意见"}, "nope").status_code == 404
    assert not SectionComment.objects.exists()


def test_a_comment_after_it_moved_on_is_refused(
    client: Client, unit_admin: User, at_department: Application
) -> None:
    client.force_login(unit_admin)
    response = post(client, "comment", at_department, {"text": "晚了"}, "basic")
    assert "已由他人办理或已不在本单位" in text(response)
    assert not SectionComment.objects.exists()


def test_other_nodes_comments_show_read_only(
    client: Client, unit_admin: User, dept_reviewer: User, submitted: Application
) -> None:
    review_actions.save_comment(unit_admin, submitted.pk, "basic", "单位看过：无误")
    recommend(submitted, unit_admin)
    review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)
    client.force_login(dept_reviewer)
    page = text(client.get(handle_url(submitted)))
    assert "[基层工作单位]修改意见" in page and "单位看过：无误" in page
    assert "已保存的意见" not in page  # not theirs to edit


# --- 单位推荐意见 --------------------------------------------------------------------------------


def test_the_recommendation_form_is_prefilled_from_the_unit(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    page = text(client.get(handle_url(submitted, "recommendation")))
    assert 'value="张负责"' in page and 'value="13900000001"' in page
    assert 'data-count="1000"' in page
    assert "先保存单位意见，再提交材料。" in page and "尚未保存" in page


@pytest.mark.parametrize(
    ("opinion", "message"),
    [
        ("九" * 9, "单位推荐意见应在 10 到 1000 字之间，当前 9 字"),
        ("长" * 1001, "单位推荐意见应在 10 到 1000 字之间，当前 1001 字"),
        (" " * 10, "不能只有空格"),
        ("\u3000" * 12, "不能只有空格"),
        ("同意推荐\x00该同志表现优秀", "不可见的控制字符"),
    ],
)
def test_a_bad_recommendation_is_refused_and_nothing_saved(
    client: Client, unit_admin: User, submitted: Application, opinion: str, message: str
) -> None:
    client.force_login(unit_admin)
    response = post(client, "recommend", submitted, rec_data(opinion))
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'value="如则麦 普"' in page  # the rest of what was typed is kept
    assert not Recommendation.objects.exists()


def test_bad_person_or_mobile_is_refused(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    page = text(post(client, "recommend", submitted, rec_data(person="<b>x</b>", mobile="12345")))
    assert "请输入 11 位手机号码" in page
    assert not Recommendation.objects.exists()


def test_exactly_10_and_1000_characters_are_saved(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    response = post(client, "recommend", submitted, rec_data("十" * 10))
    assert response.status_code == 302
    assert Recommendation.objects.get().opinion == "十" * 10
    # Line breaks arrive as CRLF but count as one character, like the page's counter.
    opinion = ("好" * 99 + "\r\n") * 10
    assert len(opinion.replace("\r\n", "\n")) == 1000
    assert post(client, "recommend", submitted, rec_data(opinion)).status_code == 302
    rec = Recommendation.objects.get()
    assert len(rec.opinion) == 999  # the last line break is trimmed
    assert (rec.responsible_person, rec.responsible_mobile, rec.submission_no) == (
        "如则麦 普",
        "15999370000",
        1,
    )
    page = text(client.get(handle_url(submitted, "recommendation")))
    assert "单位推荐意见已保存" in page and 'id="rec-state">已保存' in page


# --- 退回 -----------------------------------------------------------------------------------------


def test_return_needs_an_opinion(client: Client, unit_admin: User, submitted: Application) -> None:
    before = state(submitted)
    client.force_login(unit_admin)
    for opinion in ["", "    ", "\u3000\u3000"]:
        response = post(
            client, "return", submitted, {"version": submitted.version, "opinion": opinion}
        )
        assert response.status_code == 200
        assert "请填写退回意见，说明需要修改的内容" in text(response)
    page = text(
        post(client, "return", submitted, {"version": submitted.version, "opinion": "改" * 1001})
    )
    assert "退回意见不能超过 1000 字" in page
    assert state(submitted) == before


def test_return_sends_it_back_with_the_opinion(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    post(client, "comment", submitted, {"text": "单位性质选择错误"}, "basic")
    response = post(
        client, "return", submitted, {"version": submitted.version, "opinion": "请修改基本信息"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("reviews:queue")
    app = fresh(submitted)
    assert app.status == Status.RETURNED and app.position == 0 and app.holder_unit is None
    entry = app.history.get(action="return")
    assert (entry.actor, entry.from_label, entry.to_label, entry.opinion) == (
        unit_admin,
        "基层工作单位",
        "申请人",
        "请修改基本信息",
    )
    assert entry.actor_org == "新疆财经大学"
    page = text(client.get(response["Location"]))
    assert "已退回申请人修改" in page and str(submitted.number) not in page.split("</ul>", 1)[1]
    # The comment stays for the applicant to read.
    assert SectionComment.objects.filter(application=app, section_key="basic").exists()


# --- 提交 / 审核通过 --------------------------------------------------------------------------------


def test_pass_without_a_recommendation_is_refused(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    before = state(submitted)
    client.force_login(unit_admin)
    page = text(client.get(handle_url(submitted)))
    assert "尚未保存单位推荐意见" in page
    response = post(client, "pass", submitted, {"version": submitted.version})
    assert response.status_code == 200
    assert "请先保存单位推荐意见，再提交材料" in text(response)
    assert state(submitted) == before


def test_a_recommendation_of_an_earlier_round_does_not_count(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    recommend(submitted, unit_admin)
    review_actions.return_application(
        unit_admin, submitted.pk, opinion="请修改", expected_version=None
    )
    app = actions.submit(submitted.applicant, submitted.pk, expected_version=None)
    client.force_login(unit_admin)
    page = text(client.get(handle_url(app, "recommendation")))
    assert "本次提交尚未保存" in page and GOOD_OPINION in page  # offered again, to be saved anew
    response = post(client, "pass", app, {"version": app.version})
    assert "请先保存单位推荐意见" in text(response)
    assert fresh(app).position == 1


def test_an_incomplete_unit_cannot_review(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    recommend(submitted, unit_admin)
    BaseUnit.objects.filter(pk=submitted.unit_id).update(legal_representative="")
    before = state(submitted)
    client.force_login(unit_admin)
    page = text(client.get(handle_url(submitted)))
    assert (
        "单位信息未完善，完善前不能审核申报材料" in page and reverse("orgs:unit_complete") in page
    )
    assert 'id="actions"' not in page and "comment-form" not in page
    response = post(client, "pass", submitted, {"version": submitted.version})
    assert "单位信息未完善，不能审核申报材料" in text(response)
    response = post(client, "return", submitted, {"version": submitted.version, "opinion": "退回"})
    assert "单位信息未完善，不能审核申报材料" in text(response)
    post(client, "comment", submitted, {"text": "意见"}, "basic")
    assert state(submitted) == before
    assert not SectionComment.objects.exists()


def test_a_stale_page_is_refused_and_nothing_changes(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    """The page was drawn, then the applicant recalled and submitted again in another tab."""
    recommend(submitted, unit_admin)
    old_version = submitted.version
    actions.recall(submitted.applicant, submitted.pk, expected_version=None)
    actions.submit(submitted.applicant, submitted.pk, expected_version=None)
    recommend(submitted, unit_admin)
    before = state(submitted)
    client.force_login(unit_admin)
    for name, data in [("pass", {}), ("return", {"opinion": "请修改学历"})]:
        response = post(client, name, submitted, {"version": old_version, **data})
        assert response.status_code == 200
        assert "申请书已在其他窗口或由他人更改，本次操作未执行" in text(response)
        assert state(submitted) == before
    # The return opinion typed is kept on the fresh page, ready to be sent again on purpose.
    assert "请修改学历" in text(response)


def test_a_page_left_open_after_another_reviewer_acted(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    recommend(submitted, unit_admin)
    version = submitted.version
    review_actions.pass_application(unit_admin, submitted.pk, expected_version=version)
    before = state(submitted)
    client.force_login(unit_admin)
    response = post(client, "return", submitted, {"version": version, "opinion": "退回"})
    assert "已由他人办理或已不在本单位" in text(response)
    assert "只供查看" in text(response)
    assert state(submitted) == before


def test_a_missing_or_forged_version_is_refused(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    recommend(submitted, unit_admin)
    before = state(submitted)
    client.force_login(unit_admin)
    for version in ["", "abc", "0", str(submitted.version + 5)]:
        response = post(client, "pass", submitted, {"version": version})
        assert "本次操作未执行" in text(response)
    assert state(submitted) == before


def test_a_double_click_passes_once(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    recommend(submitted, unit_admin)
    client.force_login(unit_admin)
    assert post(client, "pass", submitted, {"version": submitted.version}).status_code == 302
    response = post(client, "pass", submitted, {"version": submitted.version})
    assert "本次操作未执行" in text(response)
    assert fresh(submitted).position == 2
    assert HistoryEntry.objects.filter(application=submitted, action="pass").count() == 1


def test_a_too_long_pass_opinion_is_refused(
    client: Client, dept_reviewer: User, at_department: Application
) -> None:
    before = state(at_department)
    client.force_login(dept_reviewer)
    response = post(
        client, "pass", at_department, {"version": at_department.version, "opinion": "长" * 1001}
    )
    assert "审核意见不能超过 1000 字" in text(response)
    assert state(at_department) == before


# --- the whole chain through the pages ----------------------------------------------------------


def test_the_whole_chain_through_the_pages(
    client: Client,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
    submitted: Application,
) -> None:
    client.force_login(unit_admin)
    assert post(client, "recommend", submitted, rec_data()).status_code == 302
    response = post(client, "pass", submitted, {"version": fresh(submitted).version})
    assert response.status_code == 302
    assert "已提交至[地厅级材料接收部门]" in text(client.get(response["Location"]))
    assert fresh(submitted).get_status_display() == "审核中"

    client.force_login(dept_reviewer)
    assert str(submitted.number) in text(client.get(reverse("reviews:queue")))
    response = post(
        client, "pass", submitted, {"version": fresh(submitted).version, "opinion": "材料齐全"}
    )
    assert "已提交至[评审机构]" in text(client.get(response["Location"]))

    client.force_login(committee_staff)
    assert str(submitted.number) in text(client.get(reverse("reviews:queue")))
    response = post(client, "pass", submitted, {"version": fresh(submitted).version})
    assert "已通过形式审核" in text(client.get(response["Location"]))

    app = fresh(submitted)
    assert app.status == Status.PASSED and app.get_status_display() == "通过形式审核"
    assert app.current_label == "通过形式审核" and app.passed_at is not None
    from applications import display

    assert display.status_line(app).startswith("[评审机构]提交到[通过形式审核] 办理时间:")
    steps = [(h.action, h.from_label, h.to_label, h.opinion) for h in app.history.all()]
    assert steps[1:] == [
        ("submit", "申请人", "基层工作单位", ""),
        ("pass", "基层工作单位", "地厅级材料接收部门", GOOD_OPINION),
        ("pass", "地厅级材料接收部门", "评审机构", "材料齐全"),
        ("pass", "评审机构", "通过形式审核", ""),
    ]
    # Nobody holds it any more; every reviewer sees it read-only with its whole history.
    for reviewer in (unit_admin, dept_reviewer, committee_staff):
        client.force_login(reviewer)
        assert str(submitted.number) not in text(client.get(reverse("reviews:queue")))
        page = text(client.get(handle_url(app, "steps")))
        assert "只供查看" in page and "材料齐全" in page
    # And the applicant's own list says so.
    client.force_login(app.applicant)
    mine = client.get(reverse("applications:list"))
    assert mine.status_code == 200 and "通过形式审核" in text(mine)
