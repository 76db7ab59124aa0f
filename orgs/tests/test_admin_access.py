"""The restricted admin (ADR 0004): hr_admin edits reference data; nobody else but staff gets in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import APPLICANT_ID
from orgs.models import BaseUnit, Region, ReviewCommittee
from orgs.regions import entry_regions

pytestmark = pytest.mark.django_db

REFERENCE_MODELS = [
    "orgs_region",
    "orgs_department",
    "orgs_reviewcommittee",
    "orgs_reviewchain",
    "catalog_series",
    "catalog_title",
    "catalog_specialty",
    "catalog_qualificationcondition",
    "catalog_formtemplate",
    "catalog_templatesection",
]


def text(response: Any) -> str:
    return response.content.decode()


def test_anonymous_is_sent_to_the_platform_login(client: Client) -> None:
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_cannot_open_the_admin(client: Client, request: Any, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert client.get(reverse("admin:orgs_reviewcommittee_changelist")).status_code in (302, 403)
    assert (
        client.get(reverse("admin:orgs_reviewcommittee_changelist"), follow=True).status_code == 403
    )


def test_applicant_cannot_change_a_committee(
    client: Client, applicant: User, committee: ReviewCommittee
) -> None:
    client.force_login(applicant)
    url = reverse("admin:orgs_reviewcommittee_change", args=[committee.pk])
    client.post(url, {"name": "篡改"}, follow=True)
    committee.refresh_from_db()
    assert committee.name == "乌鲁木齐市评审委员会"


def test_hr_admin_opens_the_admin(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = text(response)
    assert "评审委员会" in page and "任职资格条件" in page and "申请书模板" in page


def test_inactive_hr_admin_is_refused(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    User.objects.filter(pk=hr_admin.pk).update(is_active=False)
    response = client.get("/admin/", follow=True)
    # An inactive account is signed out: it lands on the platform's login page.
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "评审委员会" not in text(response)


@pytest.mark.parametrize("model", REFERENCE_MODELS)
def test_hr_admin_lists_and_adds_reference_data(client: Client, hr_admin: User, model: str) -> None:
    client.force_login(hr_admin)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 200


def committee_form(committee: ReviewCommittee, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": committee.name,
        "region": committee.region_id,
        "address": "乌鲁木齐市人民路 2 号",
        "submission_limit": 3,
        "is_active": "on",
        "fee_mode": "offline",
        "paper_deadline": "",
        "paper_contents": "",
        "paper_binding": "",
    }
    for prefix in ("scopes", "fee_rules", "windows", "contacts"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(overrides)
    return data


def test_hr_admin_changes_a_committee(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    url = reverse("admin:orgs_reviewcommittee_change", args=[committee.pk])
    page = text(client.get(url))
    assert "评审范围" in page and "收费标准" in page and "申报时间" in page and "联系人" in page
    data = committee_form(
        committee,
        **{
            "contacts-TOTAL_FORMS": 1,
            "contacts-0-name": "马老师",
            "contacts-0-phone": "0991-5550000",
            "contacts-0-duty": "材料受理",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, text(response)
    committee.refresh_from_db()
    assert committee.submission_limit == 3
    assert committee.fee_mode == "offline"
    assert list(committee.contacts.values_list("name", "phone")) == [("马老师", "0991-5550000")]


def test_committee_limit_below_one_is_refused(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    url = reverse("admin:orgs_reviewcommittee_change", args=[committee.pk])
    response = client.post(url, committee_form(committee, submission_limit=0))
    assert response.status_code == 200
    committee.refresh_from_db()
    assert committee.submission_limit == 2


def test_hr_admin_may_view_and_change_units_but_not_add_or_delete(
    client: Client, hr_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(hr_admin)
    assert client.get(reverse("admin:orgs_baseunit_add")).status_code == 403
    assert client.get(reverse("admin:orgs_baseunit_delete", args=[unit_a.pk])).status_code == 403
    page = text(client.get(reverse("admin:orgs_baseunit_change", args=[unit_a.pk])))
    assert "新疆财经大学" in page
    assert (
        'name="name"' not in page and 'name="uscc"' not in page
    )  # changed only through 变更单位名称
    assert reverse("orgs:licence", args=[unit_a.pk]) in page


def test_editing_a_region_refreshes_the_entry_list(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    assert [r.name for r in entry_regions()][1] == "乌鲁木齐市"
    client.force_login(hr_admin)
    urumqi = regions["urumqi"]
    response = client.post(
        reverse("admin:orgs_region_change", args=[urumqi.pk]),
        {
            "code": urumqi.code,
            "name": "乌鲁木齐",
            "level": "prefecture",
            "parent": regions["xj"].pk,
            "is_entry": "on",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302, text(response)
    assert [r.name for r in entry_regions()][1] == "乌鲁木齐"


def test_hr_admin_sees_users_with_masked_id_numbers(
    client: Client, hr_admin: User, applicant: User
) -> None:
    client.force_login(hr_admin)
    listing = text(client.get(reverse("admin:accounts_user_changelist")))
    assert "zhangsan" in listing
    assert APPLICANT_ID not in listing
    assert APPLICANT_ID[:4] in listing and APPLICANT_ID[-4:] in listing
    detail = text(client.get(reverse("admin:accounts_user_change", args=[applicant.pk])))
    assert APPLICANT_ID not in detail
    assert "pbkdf2" not in detail and "md5" not in detail  # no password hash either


def test_hr_admin_cannot_change_or_add_users(
    client: Client, hr_admin: User, applicant: User
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("admin:accounts_user_change", args=[applicant.pk]),
        {"username": "changed", "role": "hr_admin"},
    )
    assert response.status_code == 403
    applicant.refresh_from_db()
    assert (applicant.username, applicant.role) == ("zhangsan", "applicant")
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_superuser_manages_users_but_the_list_stays_masked(client: Client, applicant: User) -> None:
    root = User.objects.create(username="root", role="hr_admin", is_staff=True, is_superuser=True)
    client.force_login(root)
    listing = text(client.get(reverse("admin:accounts_user_changelist")))
    assert "zhangsan" in listing and APPLICANT_ID not in listing
    assert client.get(reverse("admin:accounts_user_change", args=[applicant.pk])).status_code == 200
    found = text(client.get(reverse("admin:accounts_user_changelist"), {"q": APPLICANT_ID}))
    assert "zhangsan" in found


def test_staff_without_permissions_sees_nothing_to_edit(
    client: Client, committee: ReviewCommittee
) -> None:
    staff = User.objects.create(
        username="staff", role="committee_staff", committee=committee, is_staff=True
    )
    client.force_login(staff)
    # is_staff admits to the index, but without model permissions there is nothing on it.
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:orgs_reviewcommittee_changelist")).status_code == 403
