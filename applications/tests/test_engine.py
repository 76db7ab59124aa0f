"""The application engine end to end: create, fill, submit, review along the chain."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from applications import actions
from applications.models import Action, Application, HistoryEntry, NodeVisit, Status
from catalog.models import Specialty, Title
from lib.refusal import Refused, Stale
from orgs.models import ApplicationWindow, BaseUnit, ReviewCommittee
from reviews import actions as review_actions
from testing.worlds import recommend


def test_a_new_application_is_numbered_and_labelled(draft: Application) -> None:
    assert draft.number == f"RSSQ{draft.pk:08d}"
    assert draft.qualification_label == "[乌鲁木齐市][中级]社会科学研究/助理研究员"
    assert draft.status == Status.DRAFT and draft.position == 0
    assert draft.history.get().action == Action.CREATE


def test_one_title_once_a_year_even_across_business_types(
    draft: Application, applicant: User, title: Title, specialty: Specialty, unit_a: BaseUnit
) -> None:
    with pytest.raises(Refused, match="同一个资格在同一年度只可以申请一次"):
        actions.create_application(
            applicant, title=title, specialty=specialty, unit=unit_a, business_type="special"
        )
    assert Application.objects.count() == 1


def test_the_database_refuses_a_second_one_too(draft: Application) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            year=draft.year,
            applicant=draft.applicant,
            series=draft.series,
            level=draft.level,
            title=draft.title,
            specialty=draft.specialty,
            unit=draft.unit,
            committee=draft.committee,
            template=draft.template,
            business_type="confer",
        )


def test_creation_needs_an_open_or_coming_window(
    chain_world: ReviewCommittee,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    ApplicationWindow.objects.update(
        closes_at=timezone.now() - timedelta(seconds=1), opens_at=timezone.now() - timedelta(days=9)
    )
    with pytest.raises(Refused, match="申报时间未开放或已截止"):
        actions.create_application(applicant, title=title, specialty=specialty, unit=unit_a)


def test_submission_needs_every_required_section(draft: Application) -> None:
    with pytest.raises(Refused, match="1 基本信息、2 学历学位情况"):
        actions.submit(draft.applicant, draft.pk, expected_version=None)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.submission_count == 0


def test_the_whole_chain_to_formal_review_passed(
    submitted: Application, unit_admin: User, dept_reviewer: User, committee_staff: User
) -> None:
    assert submitted.status == Status.IN_REVIEW and submitted.position == 1
    assert submitted.holder_unit == submitted.unit
    assert submitted.last_from == "申请人" and submitted.last_to == "基层工作单位"
    with pytest.raises(Refused, match="请先保存单位推荐意见"):
        review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)
    recommend(submitted, unit_admin)
    app = review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)
    assert (
        app.holder_department == dept_reviewer.department
        and app.current_label == "地厅级材料接收部门"
    )
    app = review_actions.pass_application(dept_reviewer, app.pk, expected_version=None)
    assert app.holder_committee == committee_staff.committee
    app = review_actions.pass_application(committee_staff, app.pk, expected_version=None)
    assert app.status == Status.PASSED and app.passed_at is not None
    steps = [(h.action, h.from_label, h.to_label) for h in app.history.all()]
    assert steps == [
        ("create", "申请人", "申请人"),
        ("submit", "申请人", "基层工作单位"),
        ("pass", "基层工作单位", "地厅级材料接收部门"),
        ("pass", "地厅级材料接收部门", "评审机构"),
        ("pass", "评审机构", "通过形式审核"),
    ]
    assert NodeVisit.objects.filter(application=app).count() == 3


def test_an_incomplete_unit_cannot_pass(submitted: Application, unit_admin: User) -> None:
    recommend(submitted, unit_admin)
    BaseUnit.objects.filter(pk=submitted.unit_id).update(address="")
    with pytest.raises(Refused, match="单位信息未完善"):
        review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)


def test_a_missing_recommender_is_named_and_nothing_moves(
    submitted: Application, unit_admin: User
) -> None:
    submitted.unit.recommending_units.clear()
    recommend(submitted, unit_admin)
    with pytest.raises(Refused, match="尚未设置地厅级推荐单位"):
        review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)
    submitted.refresh_from_db()
    assert submitted.position == 1


def test_return_then_resubmit_counts_twice_and_the_limit_holds(
    submitted: Application, unit_admin: User
) -> None:
    review_actions.save_comment(unit_admin, submitted.pk, "basic", "单位性质选择错误")
    app = review_actions.return_application(
        unit_admin, submitted.pk, opinion="请修改基本信息", expected_version=None
    )
    assert app.status == Status.RETURNED and app.holder_unit is None
    app = actions.submit(app.applicant, app.pk, expected_version=None)
    assert app.submission_count == 2
    app = review_actions.return_application(
        unit_admin, app.pk, opinion="仍有问题", expected_version=None
    )
    with pytest.raises(Refused, match="已提交 2/2 次"):
        actions.submit(app.applicant, app.pk, expected_version=None)


def test_recall_only_before_the_unit_acts(submitted: Application, unit_admin: User) -> None:
    app = actions.recall(submitted.applicant, submitted.pk, expected_version=submitted.version)
    assert app.status == Status.DRAFT and app.position == 0
    app = actions.submit(app.applicant, app.pk, expected_version=None)
    recommend(app, unit_admin)
    review_actions.pass_application(unit_admin, app.pk, expected_version=None)
    with pytest.raises(Refused, match="不能收回"):
        actions.recall(app.applicant, app.pk, expected_version=None)


def test_a_stale_page_changes_nothing(submitted: Application, unit_admin: User) -> None:
    old_version = submitted.version
    actions.recall(submitted.applicant, submitted.pk, expected_version=old_version)
    with pytest.raises(Stale):
        review_actions.return_application(
            unit_admin, submitted.pk, opinion="退回", expected_version=old_version
        )
    assert HistoryEntry.objects.filter(application=submitted, action="return").count() == 0


def test_someone_elses_application_is_a_404(
    draft: Application, outsider: User, other_unit_admin: User
) -> None:
    with pytest.raises(Http404):
        actions.submit(outsider, draft.pk, expected_version=None)
    with pytest.raises(Http404):
        actions.delete_application(outsider, draft.pk, expected_version=None)
    with pytest.raises(Http404):
        review_actions.pass_application(other_unit_admin, draft.pk, expected_version=None)


def test_delete_only_before_any_submission(draft: Application, filled: Application) -> None:
    app = actions.submit(filled.applicant, filled.pk, expected_version=None)
    actions.recall(app.applicant, app.pk, expected_version=None)
    with pytest.raises(Refused, match="不能删除"):
        actions.delete_application(app.applicant, app.pk, expected_version=None)


def test_change_qualification_carries_matching_fields(
    filled: Application, title: Title, specialty: Specialty
) -> None:
    from catalog.models import Level

    senior = Title.objects.create(
        series=title.series, level=Level.ASSOCIATE_SENIOR, name="副研究员"
    )
    from orgs.models import CommitteeScope

    CommitteeScope.objects.create(
        committee=filled.committee, series=title.series, level=Level.ASSOCIATE_SENIOR
    )
    app = actions.change_qualification(
        filled.applicant,
        filled.pk,
        title=senior,
        specialty=specialty,
        committee=None,
        expected_version=filled.version,
    )
    assert app.qualification_label == "[乌鲁木齐市][副高]社会科学研究/副研究员"
    assert app.recheck_needed
    assert app.section_data.get(key="basic").data["sex"] == "女"
    assert app.history.filter(action="change").exists()


def test_a_window_for_the_specialty_overrides_the_series_window(filled: Application) -> None:
    now = timezone.now()
    ApplicationWindow.objects.create(
        committee=filled.committee,
        year=filled.year,
        series=filled.series,
        specialty=filled.specialty,
        opens_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=3),
    )
    with pytest.raises(Refused, match="不在申报时间内"):
        actions.submit(filled.applicant, filled.pk, expected_version=None)
    filled.refresh_from_db()
    assert filled.status == Status.DRAFT and filled.submission_count == 0


def test_submitting_one_second_after_the_window_closes_is_refused(filled: Application) -> None:
    ApplicationWindow.objects.update(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Refused, match="不在申报时间内"):
        actions.submit(filled.applicant, filled.pk, expected_version=None)


def test_the_recommender_in_the_committees_region_is_chosen(
    submitted: Application, unit_admin: User, regions: dict[str, Any]
) -> None:
    from orgs.models import Department

    # Two 地厅级 recommenders; the 自治区 one is older (lower id) but the committee is 乌鲁木齐市's.
    xj_bureau = Department.objects.create(
        name="自治区教育厅", kind="competent", level="prefecture", region=regions["xj"]
    )
    city_bureau = Department.objects.create(
        name="乌鲁木齐市教育局", kind="industry", level="prefecture", region=regions["urumqi"]
    )
    submitted.unit.recommending_units.set([xj_bureau, city_bureau])
    recommend(submitted, unit_admin)
    app = review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)
    assert app.holder_department == city_bureau


def test_the_status_line_says_what_happened(submitted: Application, unit_admin: User) -> None:
    from applications.display import status_line

    assert status_line(submitted).startswith("[申请人]提交到[基层工作单位] 办理时间: ")
    recalled = actions.recall(submitted.applicant, submitted.pk, expected_version=None)
    assert status_line(recalled).startswith("[申请人]从[基层工作单位]收回 办理时间: ")
    again = actions.submit(recalled.applicant, recalled.pk, expected_version=None)
    returned = review_actions.return_application(
        unit_admin, again.pk, opinion="请修改", expected_version=None
    )
    assert status_line(returned).startswith("[基层工作单位]退回到[申请人] 办理时间: ")
