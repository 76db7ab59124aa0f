"""The admin is for superusers only (ADR 0004 superseded): hr_admin works through 系统设置."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from audit.models import AuditEvent
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


@pytest.fixture
def superuser(regions: dict[str, Region]) -> User:
    return User.objects.create(
        username="root", role="hr_admin", is_staff=True, is_superuser=True, real_name="超级管理员"
    )


def every_admin_url() -> list[str]:
    """List, add, change, delete and history of every model registered on the site."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        for suffix, args in (("add", []), ("change", [1]), ("delete", [1]), ("history", [1])):
            try:
                urls.append(reverse(f"{name}_{suffix}", args=args))
            except NoReverseMatch:
                continue
    return urls


def test_anonymous_is_sent_to_the_platform_login(client: Client) -> None:
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_hr_admin_is_refused_at_every_admin_url(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    urls = every_admin_url()
    assert len(urls) > 40  # every registered model, not just a few
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        assert "无权访问" in text(response), url


def test_hr_admin_cannot_change_a_committee_by_posting(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    url = reverse("admin:orgs_reviewcommittee_change", args=[committee.pk])
    response = client.post(url, {"name": "篡改", "submission_limit": 9}, follow=True)
    assert response.status_code == 403
    committee.refresh_from_db()
    assert (committee.name, committee.submission_limit) == ("乌鲁木齐市评审委员会", 2)


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_cannot_open_the_admin(client: Client, request: Any, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/", follow=True).status_code == 403
    assert (
        client.get(reverse("admin:orgs_reviewcommittee_changelist"), follow=True).status_code == 403
    )


def test_staff_flag_alone_is_not_enough(client: Client, committee: ReviewCommittee) -> None:
    staff = User.objects.create(
        username="staff", role="committee_staff", committee=committee, is_staff=True
    )
    client.force_login(staff)
    assert client.get("/admin/", follow=True).status_code == 403


def test_the_hr_admin_menu_has_no_admin_link(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    page = text(client.get(reverse("accounts:home")))
    assert "/admin/" not in page and "参考数据维护" not in page
    assert reverse("sysadmin:index") in page and reverse("sysadmin:audit") in page


def test_inactive_superuser_is_refused(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    User.objects.filter(pk=superuser.pk).update(is_active=False)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "评审委员会" not in text(response)


def test_superuser_opens_the_admin(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = text(response)
    assert "评审委员会" in page and "任职资格条件" in page and "申请书模板" in page


@pytest.mark.parametrize("model", REFERENCE_MODELS)
def test_superuser_lists_reference_data(client: Client, superuser: User, model: str) -> None:
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", [m for m in REFERENCE_MODELS if m != "orgs_region"])
def test_reference_data_with_an_owner_is_read_only_in_the_admin(
    client: Client, superuser: User, model: str
) -> None:
    """One writer per reference model (ADR 0029): 系统设置 through the owner's actions."""
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_regions_are_still_added_in_the_admin(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    assert client.get(reverse("admin:orgs_region_add")).status_code == 200


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


def test_superuser_sees_a_committee_but_changes_it_only_in_the_settings(
    client: Client, superuser: User, committee: ReviewCommittee
) -> None:
    client.force_login(superuser)
    url = reverse("admin:orgs_reviewcommittee_change", args=[committee.pk])
    page = text(client.get(url))
    assert "评审范围" in page and "收费标准" in page and "申报时间" in page and "联系人" in page
    assert 'name="submission_limit"' not in page
    data = committee_form(
        committee,
        **{
            "contacts-TOTAL_FORMS": 1,
            "contacts-0-name": "马老师",
            "contacts-0-phone": "0991-5550000",
            "contacts-0-duty": "材料受理",
        },
    )
    response = client.post(url, data, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 403
    committee.refresh_from_db()
    assert committee.submission_limit == 2
    assert not committee.contacts.filter(name="马老师").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ADMIN_CHANGED).exists()


def test_units_are_only_looked_at_in_the_admin(
    client: Client, superuser: User, unit_a: BaseUnit
) -> None:
    client.force_login(superuser)
    assert client.get(reverse("admin:orgs_baseunit_add")).status_code == 403
    assert client.get(reverse("admin:orgs_baseunit_delete", args=[unit_a.pk])).status_code == 403
    page = text(client.get(reverse("admin:orgs_baseunit_change", args=[unit_a.pk])))
    assert "新疆财经大学" in page
    assert 'name="name"' not in page and 'name="uscc"' not in page  # only 变更单位名称
    assert 'name="address"' not in page  # only 完善单位信息 or 系统设置 → 基层工作单位
    assert reverse("orgs:licence", args=[unit_a.pk]) in page


def test_editing_a_region_refreshes_the_entry_list(
    client: Client, superuser: User, regions: dict[str, Region]
) -> None:
    assert [r.name for r in entry_regions()][1] == "乌鲁木齐市"
    client.force_login(superuser)
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
    row = AuditEvent.objects.get(action=AuditEvent.Action.ADMIN_CHANGED)
    assert row.actor == superuser and row.detail.startswith("修改")


def test_superuser_manages_users_but_the_list_stays_masked(
    client: Client, superuser: User, applicant: User
) -> None:
    client.force_login(superuser)
    listing = text(client.get(reverse("admin:accounts_user_changelist")))
    assert "zhangsan" in listing and APPLICANT_ID not in listing
    assert client.get(reverse("admin:accounts_user_change", args=[applicant.pk])).status_code == 200
    found = text(client.get(reverse("admin:accounts_user_changelist"), {"q": APPLICANT_ID}))
    assert "zhangsan" in found
