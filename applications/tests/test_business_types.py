"""The other business types on the same engine: 特殊人才认定 (正高 only), 初次确定, 授予 and
访惠聚三年高定 — each its own menu, template, chain and window; one title once a year
across all of them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.menus import menus_for
from accounts.models import Role, User
from applications import actions
from applications.models import Application, Status
from applications.tests.pages import signed_in, text
from catalog.models import (
    BusinessType,
    Level,
    Specialty,
    Title,
)
from lib.refusal import Refused
from orgs.models import (
    BaseUnit,
    Department,
    ReviewChain,
    ReviewCommittee,
)
from reviews import actions as review_actions
from testing.worlds import OTHER_TYPES, recommend


def title_for(business_type: str, title: Title, senior_title: Title) -> Title:
    return senior_title if business_type == BusinessType.SPECIAL else title


@pytest.mark.parametrize("business_type", OTHER_TYPES)
def test_each_business_type_creates_on_its_own_template(
    types_world: ReviewCommittee,
    applicant: User,
    title: Title,
    senior_title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    business_type: str,
) -> None:
    app = actions.create_application(
        applicant,
        title=title_for(business_type, title, senior_title),
        specialty=specialty,
        unit=unit_a,
        business_type=business_type,
    )
    assert app.business_type == business_type
    assert app.template.business_type == business_type
    assert app.number == f"RSSQ{app.pk:08d}"
    assert app.status == Status.DRAFT


@pytest.mark.parametrize("business_type", OTHER_TYPES)
def test_each_business_type_runs_its_own_chain_to_formal_review(
    types_world: ReviewCommittee,
    applicant: User,
    title: Title,
    senior_title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
    business_type: str,
) -> None:
    app = actions.create_application(
        applicant,
        title=title_for(business_type, title, senior_title),
        specialty=specialty,
        unit=unit_a,
        business_type=business_type,
    )
    actions.save_section(applicant, app.pk, "basic", {"sex": "男"}, expected_version=None)
    app = actions.submit(applicant, app.pk, expected_version=None)
    chain = ReviewChain.objects.get(committee=types_world, business_type=business_type)
    assert app.chain == chain
    assert app.chain_labels() == [
        "申请人",
        "基层工作单位",
        "地厅级材料接收部门",
        "评审机构",
        "通过形式审核",
    ]
    recommend(app, unit_admin)
    for reviewer in (unit_admin, dept_reviewer, committee_staff):
        app = review_actions.pass_application(reviewer, app.pk, expected_version=None)
    assert app.status == Status.PASSED


def test_special_talent_refuses_a_level_below_senior(
    types_world: ReviewCommittee,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    with pytest.raises(Refused, match="特殊人才认定只能申报正高级职称"):
        actions.create_application(
            applicant,
            title=title,
            specialty=specialty,
            unit=unit_a,
            business_type=BusinessType.SPECIAL,
        )
    assert not Application.objects.exists()


def test_special_talent_cannot_change_to_a_lower_level(
    types_world: ReviewCommittee,
    applicant: User,
    title: Title,
    senior_title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    app = actions.create_application(
        applicant,
        title=senior_title,
        specialty=specialty,
        unit=unit_a,
        business_type=BusinessType.SPECIAL,
    )
    with pytest.raises(Refused, match="特殊人才认定只能申报正高级职称"):
        actions.change_qualification(
            applicant,
            app.pk,
            title=title,
            specialty=specialty,
            committee=None,
            expected_version=None,
        )
    app.refresh_from_db()
    assert app.title == senior_title


def test_review_then_conferral_of_the_same_title_is_refused(
    types_world: ReviewCommittee,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    actions.create_application(applicant, title=title, specialty=specialty, unit=unit_a)
    with pytest.raises(Refused, match="同一个资格在同一年度只可以申请一次"):
        actions.create_application(
            applicant,
            title=title,
            specialty=specialty,
            unit=unit_a,
            business_type=BusinessType.CONFER,
        )
    assert list(Application.objects.values_list("business_type", flat=True)) == ["review"]


def test_the_create_page_of_special_talent_refuses_a_lower_level(
    client: Client,
    types_world: ReviewCommittee,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    url = reverse("applications:create_special")
    assert url == "/applications/special/new/"
    page = signed_in(client, applicant)
    html = text(page.get(url))
    assert "新增【特殊人才认定】申请书" in html
    assert "特殊人才认定只能申报正高级职称" in html
    response = page.post(
        url,
        {
            "series": title.series_id,
            "title": title.pk,
            "specialty": specialty.pk,
            "unit": unit_a.pk,
            "committee": types_world.pk,
        },
    )
    assert response.status_code == 200
    assert "特殊人才认定只能申报正高级职称" in text(response)
    assert not Application.objects.exists()


def test_the_create_page_of_a_business_type_creates_one_of_that_type(
    client: Client,
    types_world: ReviewCommittee,
    applicant: User,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    response = signed_in(client, applicant).post(
        reverse("applications:create_fhj"),
        {
            "series": title.series_id,
            "title": title.pk,
            "specialty": specialty.pk,
            "unit": unit_a.pk,
            "committee": types_world.pk,
        },
    )
    app = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[app.pk])
    assert app.business_type == BusinessType.FHJ


def make_one_of_each(
    applicant: User, title: Title, senior_title: Title, specialty: Specialty, unit: BaseUnit
) -> dict[str, Application]:
    """One application per business type; the one-title rule needs a title each."""
    series = title.series
    titles = {
        BusinessType.REVIEW: title,
        BusinessType.SPECIAL: senior_title,
        BusinessType.INITIAL: Title.objects.create(
            series=series, level=Level.INTERMEDIATE, name="助理研究员（初定）"
        ),
        BusinessType.CONFER: Title.objects.create(
            series=series, level=Level.INTERMEDIATE, name="助理研究员（授予）"
        ),
        BusinessType.FHJ: Title.objects.create(
            series=series, level=Level.SENIOR, name="研究员（访惠聚）"
        ),
    }
    return {
        bt: actions.create_application(
            applicant, title=t, specialty=specialty, unit=unit, business_type=bt
        )
        for bt, t in titles.items()
    }


def test_my_applications_filtered_by_business_type(
    client: Client,
    types_world: ReviewCommittee,
    applicant: User,
    title: Title,
    senior_title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    apps = make_one_of_each(applicant, title, senior_title, specialty, unit_a)
    page = signed_in(client, applicant)
    everything = text(page.get(reverse("applications:list")))
    assert all(f'id="app-{a.pk}"' in everything for a in apps.values())
    for business_type, app in apps.items():
        if business_type == BusinessType.REVIEW:
            continue
        for url in (
            reverse(f"applications:list_{business_type}"),
            reverse("applications:list") + f"?type={business_type}",
        ):
            html = text(page.get(url))
            shown = [a for a in apps.values() if f'id="app-{a.pk}"' in html]
            assert shown == [app], url
            assert f"<h1>我的【{BusinessType(business_type).label}】申请书</h1>" in html
            assert reverse(f"applications:create_{business_type}") in html
    assert page.get(reverse("applications:list") + "?type=nonsense").status_code == 404


def test_an_empty_filtered_list_says_so(client: Client, applicant: User) -> None:
    html = text(signed_in(client, applicant).get(reverse("applications:list_confer")))
    assert "您还没有【授予】申请书。" in html


def test_the_applicant_menu_has_a_group_per_business_type() -> None:
    groups = {
        str(g.label): [(str(i.label), i.url) for i in g.items] for g in menus_for(Role.APPLICANT)
    }
    assert groups["特殊人才认定"] == [
        ("填报帮助", "/applications/special/help/"),
        ("新增【特殊人才认定】申请书", "/applications/special/new/"),
        ("我的【特殊人才认定】申请书", "/applications/special/"),
    ]
    for business_type in (BusinessType.INITIAL, BusinessType.CONFER, BusinessType.FHJ):
        label = str(BusinessType(business_type).label)
        assert groups[label] == [
            (f"新增【{label}】申请书", f"/applications/{business_type}/new/"),
            (f"我的【{label}】申请书", f"/applications/{business_type}/"),
        ]
    staff = {str(i.label): i.url for g in menus_for(Role.COMMITTEE_STAFF) for i in g.items}
    assert staff["特殊人才认定发文"] == reverse("results:special_approvals")


def test_special_talent_help_explains_the_rule_and_the_flow(
    client: Client, applicant: User
) -> None:
    html = text(signed_in(client, applicant).get(reverse("applications:special_help")))
    assert "新人社发〔2012〕85号文件第四条" in html
    assert "直接认定正高级职称" in html
    assert "申请人 → 基层工作单位 → 地厅级材料接收部门 → 评审机构 → 通过形式审核" in html
    assert "呈报表打印" in html
    assert reverse("applications:create_special") in html


def test_the_special_list_offers_the_report_form_after_formal_review(
    client: Client,
    types_world: ReviewCommittee,
    applicant: User,
    senior_title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    app = actions.create_application(
        applicant,
        title=senior_title,
        specialty=specialty,
        unit=unit_a,
        business_type=BusinessType.SPECIAL,
    )
    Application.objects.filter(pk=app.pk).update(status=Status.PASSED, position=4)
    html = text(signed_in(client, applicant).get(reverse("applications:list_special")))
    assert reverse("documents:report_form", args=[app.pk]) in html
    assert "呈报表打印" in html


def test_help_and_filtered_lists_are_for_applicants_only(
    client: Client, unit_admin: User, department: Department
) -> None:
    page = signed_in(client, unit_admin)
    for name in ("applications:special_help", "applications:list_special"):
        assert page.get(reverse(name)).status_code in (302, 403, 404)
