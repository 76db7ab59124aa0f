"""评审委员会 and 审核部门: basic facts, contacts inline, limits and fees, region scoping."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from orgs import directory
from orgs.models import Contact, Department, FeeRule, Region, ReviewCommittee
from sysadmin.tests.helpers import count_queries, formset, text


def committee_post(region: Region, contacts: list[dict[str, Any]], **facts: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "喀什地区中小学教师评审委员会",
        "region": str(region.pk),
        "address": "喀什市示例路1号",
        "paper_deadline": "",
        "paper_contents": "",
        "paper_binding": "",
        "is_active": "on",
        "version": "",
        **facts,
    }
    data.update(formset("contacts", contacts))
    return data


def dept_post(region: Region, contacts: list[dict[str, Any]], **facts: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "岳普湖县教育局",
        "kind": "industry",
        "level": "county",
        "region": str(region.pk),
        "address": "",
        "is_active": "on",
        "version": "",
        **facts,
    }
    data.update(formset("contacts", contacts))
    return data


def test_it_creates_a_committee_with_contacts(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:committee_create"),
        committee_post(
            regions["kashgar"],
            [
                {"name": "王老师", "phone": "0998-1234567", "duty": "受理"},
                {"name": "", "phone": "", "duty": ""},
            ],
        ),
    )
    assert response.status_code == 302
    committee = ReviewCommittee.objects.get(name="喀什地区中小学教师评审委员会")
    assert committee.region == regions["kashgar"]
    assert [(c.name, c.phone, c.duty) for c in committee.contacts.all()] == [
        ("王老师", "0998-1234567", "受理")
    ]
    assert "喀什地区中小学教师评审委员会" in text(client.get(reverse("sysadmin:committees")))


def test_it_edits_facts_and_contacts(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    Contact.objects.create(committee=committee, name="旧联系人", phone="0991-1")
    client.force_login(hr_admin)
    page = client.get(reverse("sysadmin:committee_edit", args=[committee.pk]))
    assert 'value="旧联系人"' in text(page)
    version = page.context["form"].initial["version"]
    response = client.post(
        reverse("sysadmin:committee_edit", args=[committee.pk]),
        committee_post(
            committee.region,
            [
                {"name": "旧联系人", "phone": "0991-1", "duty": "", "DELETE": "on"},
                {"name": "新联系人", "phone": "0991-2", "duty": ""},
            ],
            name="乌鲁木齐市评审委员会",
            address="新地址",
            version=version,
        ),
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.address == "新地址"
    assert [c.name for c in committee.contacts.all()] == ["新联系人"]


def test_a_duplicate_committee_name_is_refused(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:committee_create"),
        committee_post(committee.region, [], name=committee.name),
    )
    assert "已有同名的评审委员会" in text(response)
    assert ReviewCommittee.objects.count() == 1


def test_a_stale_committee_form_is_refused(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    version = (
        client.get(reverse("sysadmin:committee_edit", args=[committee.pk]))
        .context["form"]
        .initial["version"]
    )
    Contact.objects.create(committee=committee, name="他人新增", phone="1")
    response = client.post(
        reverse("sysadmin:committee_edit", args=[committee.pk]),
        committee_post(committee.region, [], name=committee.name, address="x", version=version),
    )
    assert "已被他人修改" in text(response)
    committee.refresh_from_db()
    assert committee.address == "" and committee.contacts.count() == 1


def test_prefecture_admin_is_scoped_to_their_region(
    client: Client,
    kashgar_hr: User,
    committee: ReviewCommittee,
    department: Department,
    regions: dict[str, Region],
) -> None:
    client.force_login(kashgar_hr)
    for url in [
        reverse("sysadmin:committee_edit", args=[committee.pk]),
        reverse("sysadmin:committee_fees", args=[committee.pk]),
        reverse("sysadmin:department_edit", args=[department.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert committee.name not in text(client.get(reverse("sysadmin:committees")))
    assert department.name not in text(client.get(reverse("sysadmin:departments")))
    # May not place a committee in another region either.
    response = client.post(
        reverse("sysadmin:committee_create"), committee_post(regions["urumqi"], [])
    )
    assert response.status_code == 200
    assert not ReviewCommittee.objects.filter(name="喀什地区中小学教师评审委员会").exists()
    response = client.post(
        reverse("sysadmin:committee_create"), committee_post(regions["kashgar"], [])
    )
    assert response.status_code == 302


def test_autonomous_admin_sees_every_region(
    client: Client, hr_admin: User, regions: dict[str, Region], committee: ReviewCommittee
) -> None:
    ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    client.force_login(hr_admin)
    page = text(client.get(reverse("sysadmin:committees")))
    assert "喀什地区评审委员会" in page and committee.name in page


# ------------------------------------------------------------------ limits and fees


def fees_post(committee: ReviewCommittee, **values: Any) -> dict[str, Any]:
    return {
        "version": directory.fees_token(committee),
        "submission_limit": "3",
        "fee_mode": "offline",
        "amount_1": "",
        "amount_2": "200",
        "amount_3": "300.50",
        "amount_4": "",
        **values,
    }


def test_it_sets_limit_and_fees(client: Client, hr_admin: User, committee: ReviewCommittee) -> None:
    FeeRule.objects.create(committee=committee, level=1, amount=50)
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:committee_fees", args=[committee.pk]), fees_post(committee)
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert (committee.submission_limit, committee.fee_mode) == (3, "offline")
    assert {r.level: str(r.amount) for r in committee.fee_rules.all()} == {2: "200.00", 3: "300.50"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"submission_limit": "0"}, "1"),
        ({"amount_2": "-1"}, "0"),
        ({"amount_2": "", "amount_3": ""}, "至少要设置一个级别的金额"),
    ],
)
def test_it_rejects_bad_fees(
    client: Client, hr_admin: User, committee: ReviewCommittee, values: dict[str, str], message: str
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:committee_fees", args=[committee.pk]), fees_post(committee, **values)
    )
    assert response.status_code == 200 and message in text(response)
    committee.refresh_from_db()
    assert committee.submission_limit == 2 and not committee.fee_rules.exists()


def test_a_stale_fee_form_is_refused(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    data = fees_post(committee)
    FeeRule.objects.create(committee=committee, level=4, amount=500)
    client.force_login(hr_admin)
    response = client.post(reverse("sysadmin:committee_fees", args=[committee.pk]), data)
    assert "已被他人修改" in text(response)
    assert list(committee.fee_rules.values_list("level", flat=True)) == [4]


# ---------------------------------------------------------------------- departments


def test_it_creates_a_county_department(
    client: Client, kashgar_hr: User, regions: dict[str, Region]
) -> None:
    client.force_login(kashgar_hr)
    response = client.post(
        reverse("sysadmin:department_create"),
        dept_post(regions["yuepuhu"], [{"name": "李科长", "phone": "0998-7654321", "duty": ""}]),
    )
    assert response.status_code == 302
    dept = Department.objects.get(name="岳普湖县教育局")
    assert dept.region == regions["yuepuhu"] and dept.contacts.get().name == "李科长"


def test_it_edits_a_department(client: Client, hr_admin: User, department: Department) -> None:
    client.force_login(hr_admin)
    version = (
        client.get(reverse("sysadmin:department_edit", args=[department.pk]))
        .context["form"]
        .initial["version"]
    )
    response = client.post(
        reverse("sysadmin:department_edit", args=[department.pk]),
        dept_post(
            department.region,
            [],
            name="乌鲁木齐市人力资源和社会保障局",
            kind="hrss",
            level="prefecture",
            version=version,
        ),
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "乌鲁木齐市人力资源和社会保障局"


def test_a_contact_needs_a_phone(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:department_create"),
        dept_post(regions["yuepuhu"], [{"name": "李科长", "phone": "", "duty": ""}]),
    )
    assert response.status_code == 200 and "这个字段是必填项" in text(response)
    assert not Department.objects.filter(name="岳普湖县教育局").exists()


# ------------------------------------------------------------------- query counts


@pytest.mark.parametrize("count", [1, 30])
def test_committee_list_has_constant_queries(
    client: Client, hr_admin: User, regions: dict[str, Region], count: int
) -> None:
    for i in range(count):
        ReviewCommittee.objects.create(name=f"评审委员会{i}", region=regions["urumqi"])
    client.force_login(hr_admin)
    assert count_queries(client, reverse("sysadmin:committees")) == 8
    assert text(client.get(reverse("sysadmin:committees"))).count("次数与收费") == count


@pytest.mark.parametrize("count", [1, 30])
def test_department_list_has_constant_queries(
    client: Client, hr_admin: User, regions: dict[str, Region], count: int
) -> None:
    for i in range(count):
        dept = Department.objects.create(
            name=f"部门{i}", kind="hrss", level="county", region=regions["yuepuhu"]
        )
        Contact.objects.create(department=dept, name="联系人", phone="1")
    client.force_login(hr_admin)
    assert count_queries(client, reverse("sysadmin:departments")) == 8
    page = text(client.get(reverse("sysadmin:departments")))
    assert page.count("岳普湖县") == count


def test_unchanged_contacts_are_kept(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    Contact.objects.create(committee=committee, name="张老师", phone="0991-3", duty="咨询")
    client.force_login(hr_admin)
    page = client.get(reverse("sysadmin:committee_edit", args=[committee.pk]))
    data = committee_post(
        committee.region,
        [
            {"name": "张老师", "phone": "0991-3", "duty": "咨询"},
            {"name": "", "phone": "", "duty": ""},
        ],
        name=committee.name,
        address="改了地址",
        version=page.context["form"].initial["version"],
    )
    data["contacts-INITIAL_FORMS"] = "1"
    assert (
        client.post(reverse("sysadmin:committee_edit", args=[committee.pk]), data).status_code
        == 302
    )
    assert [(c.name, c.duty) for c in committee.contacts.all()] == [("张老师", "咨询")]


def test_it_sets_whether_special_talent_needs_a_meeting(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    """Once only the Django admin set this; that admin is now read-only (ADR 0029)."""
    client.force_login(hr_admin)
    page = client.get(reverse("sysadmin:committee_edit", args=[committee.pk]))
    assert "特殊人才认定须经会议评审" in text(page)
    version = page.context["form"].initial["version"]
    response = client.post(
        reverse("sysadmin:committee_edit", args=[committee.pk]),
        committee_post(
            committee.region,
            [],
            name=committee.name,
            special_needs_meeting="on",
            version=version,
        ),
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.special_needs_meeting
