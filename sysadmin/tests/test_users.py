"""用户查询 in 系统设置: a read-only account list for hr_admin, scoped to their region, with
ID numbers masked and never searchable."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import Role, User
from audit.models import AuditEvent
from conftest import APPLICANT_ID, make_user
from orgs.models import BaseUnit, Department, Region, ReviewCommittee
from sysadmin.tests.helpers import count_queries, text

pytestmark = pytest.mark.django_db

LIST = reverse("sysadmin:users")


def table(client: Client, **params: str) -> str:
    response = client.get(LIST, params)
    assert response.status_code == 200
    page = text(response)
    return page.split('id="users"')[1].split("</table>")[0] if "<table" in page else ""


@pytest.fixture
def everyone(
    applicant: User,
    unit_admin: User,
    other_unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
    kashgar_hr: User,
    regions: dict[str, Region],
) -> dict[str, User]:
    county_bureau = Department.objects.create(
        name="岳普湖县人社局", kind="hrss", level="county", region=regions["yuepuhu"]
    )
    county_reviewer = make_user(
        "yph_reviewer", Role.DEPT_REVIEWER, real_name="岳普湖审核员", department=county_bureau
    )
    return {"county_reviewer": county_reviewer}


def test_it_lists_accounts_with_masked_id_numbers(
    client: Client, hr_admin: User, everyone: dict[str, User]
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(LIST))
    rows = table(client)
    for name in ("zhangsan", "unit_a_admin", "unit_b_admin", "dept_reviewer", "yph_reviewer"):
        assert f"<td>{name}</td>" in rows, name
    assert "张三" in rows and "申请人" in rows and "新疆财经大学" in rows
    assert "岳普湖县·岳普湖县人社局" in rows and "乌鲁木齐市评审委员会" in rows
    assert APPLICANT_ID not in page
    assert "6501**********1239" in rows
    assert LIST in text(client.get(reverse("sysadmin:index")))


def test_it_searches_by_username_name_and_role(
    client: Client, hr_admin: User, everyone: dict[str, User]
) -> None:
    client.force_login(hr_admin)
    by_username = table(client, q="unit_a")
    assert "unit_a_admin" in by_username and "zhangsan" not in by_username
    by_name = table(client, q="张三")
    assert "zhangsan" in by_name and "unit_a_admin" not in by_name
    by_role = table(client, role="dept_reviewer")
    assert "dept_reviewer" in by_role and "yph_reviewer" in by_role and "zhangsan" not in by_role
    both = table(client, q="岳普湖", role="dept_reviewer")
    assert "yph_reviewer" in both and "<td>dept_reviewer</td>" not in both


def test_an_id_number_finds_nobody(
    client: Client, hr_admin: User, everyone: dict[str, User]
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(LIST, {"q": APPLICANT_ID}))
    assert "没有符合条件的账号" in page and "zhangsan" not in page
    assert "不能按身份证号查找" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 51}, "50"),
        ({"role": "superuser"}, "选择一个有效的选项"),
    ],
)
def test_bad_search_input_is_refused_beside_the_field(
    client: Client,
    hr_admin: User,
    everyone: dict[str, User],
    params: dict[str, str],
    message: str,
) -> None:
    client.force_login(hr_admin)
    response = client.get(LIST, params)
    assert response.status_code == 400
    page = text(response)
    assert "查询条件有误" in page and message in page
    assert "zhangsan" not in page


def test_prefecture_admin_sees_only_staff_of_their_prefecture(
    client: Client, kashgar_hr: User, everyone: dict[str, User], regions: dict[str, Region]
) -> None:
    kashgar_committee = ReviewCommittee.objects.create(
        name="喀什地区评审委员会", region=regions["kashgar"]
    )
    make_user("ks_staff", Role.COMMITTEE_STAFF, committee=kashgar_committee)
    client.force_login(kashgar_hr)
    rows = table(client)
    for name in ("kashgar_hr", "unit_b_admin", "yph_reviewer", "ks_staff"):
        assert f"<td>{name}</td>" in rows, name
    # Urumqi's staff, the 自治区 hr_admin and applicants (platform-wide accounts) are not theirs.
    for name in ("unit_a_admin", "dept_reviewer", "committee_staff", "hr_admin", "zhangsan"):
        assert f"<td>{name}</td>" not in rows, name
    assert "zhangsan" not in table(client, q="zhangsan")


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_are_refused(client: Client, request: pytest.FixtureRequest, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert response.status_code == 403
    assert "zhangsan" not in text(response)


def test_user_list_has_constant_queries(
    client: Client,
    hr_admin: User,
    unit_a: BaseUnit,
    department: Department,
    committee: ReviewCommittee,
) -> None:
    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            make_user(f"ua{i}", Role.UNIT_ADMIN, unit=unit_a)
            make_user(f"dr{i}", Role.DEPT_REVIEWER, department=department)
            make_user(f"cs{i}", Role.COMMITTEE_STAFF, committee=committee)
            make_user(f"ap{i}", Role.APPLICANT, id_number=f"65010219900101{i:04d}")

    client.force_login(hr_admin)
    add(0, 1)
    one = count_queries(client, LIST)
    add(1, 11)  # 4 × 12 + 1 rows: one page of 50
    assert count_queries(client, LIST) == one
    rows = table(client)
    assert rows.count("新疆财经大学") == 12
    assert rows.count("乌鲁木齐市·乌鲁木齐市人社局") == 12


def test_the_user_list_sorts_and_exports_what_it_lists_masked_and_audited(
    client: Client, hr_admin: User, everyone: dict[str, User]
) -> None:
    """A staff table (ADR 0039): sort by a column; Excel of exactly the filtered accounts, the
    ID numbers masked, the export in the security audit log."""
    client.force_login(hr_admin)
    page = text(client.get(LIST, {"sort": "-username"}))
    assert 'aria-sort="descending"' in page
    assert page.index("<td>zhangsan</td>") < page.index("<td>dept_reviewer</td>")
    response = client.get(LIST, {"role": "applicant", "export": "xlsx"})
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0] == ["用户名", "姓名", "角色", "所属单位或部门", "身份证号", "状态", "最近登录"]
    assert [r[0] for r in rows[1:]] == ["zhangsan"]
    assert rows[1][4] == "6501**********1239" and APPLICANT_ID not in str(rows)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == hr_admin and event.target == "用户查询"
    assert event.detail == "1 行；筛选：角色=申请人"


def test_an_export_with_a_bad_search_exports_nothing(
    client: Client, hr_admin: User, everyone: dict[str, User]
) -> None:
    client.force_login(hr_admin)
    response = client.get(LIST, {"role": "superuser", "export": "xlsx"})
    assert response.status_code == 400 and "查询条件有误" in text(response)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
