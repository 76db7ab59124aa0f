"""基层工作单位 in 系统设置: a searchable list, correcting a unit's details and 变更单位名称 on
its behalf, both through the unit's own actions in orgs, scoped to the admin's region."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from audit.models import AuditEvent
from conftest import make_unit
from lib import stale
from orgs.models import BaseUnit, Region, UnitNameChange
from sysadmin.tests.helpers import count_queries, text

pytestmark = pytest.mark.django_db

LIST = reverse("sysadmin:units")


def edit_url(unit: BaseUnit) -> str:
    return reverse("sysadmin:unit_edit", args=[unit.pk])


def rename_url(unit: BaseUnit) -> str:
    return reverse("sysadmin:unit_rename", args=[unit.pk])


def details(unit: BaseUnit, **changes: Any) -> dict[str, Any]:
    data = {
        "address": unit.address,
        "postcode": unit.postcode,
        "phone": unit.phone,
        "legal_representative": unit.legal_representative,
        "nature": unit.nature,
        "county": str(unit.county_id or ""),
        "hr_person": unit.hr_person,
        "hr_mobile": unit.hr_mobile,
        "contact_name": unit.contact_name,
        "contact_mobile": unit.contact_mobile,
        "version": stale.token(unit),
    }
    data.update(changes)
    return data


def audit_rows() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED))


# ------------------------------------------------------------------------------ list


def test_it_lists_and_searches_units(
    client: Client, hr_admin: User, unit_a: BaseUnit, unit_b: BaseUnit
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(LIST))
    assert "新疆财经大学" in page and "喀什地区实验中学" in page
    assert edit_url(unit_a) in page and rename_url(unit_b) in page
    by_name = text(client.get(LIST, {"q": "财经"}))
    assert "新疆财经大学" in by_name and "喀什地区实验中学" not in by_name
    by_code = text(client.get(LIST, {"q": "12653100458480236j"}))
    assert "喀什地区实验中学" in by_code and "新疆财经大学" not in by_code
    assert "没有符合条件的单位" in text(client.get(LIST, {"q": "不存在的单位"}))


def test_an_over_long_search_is_refused_beside_the_field(
    client: Client, hr_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(hr_admin)
    typed = "大" * 51
    response = client.get(LIST, {"q": typed})
    assert response.status_code == 400
    page = text(response)
    assert "查询条件有误" in page and "50" in page and f'value="{typed}"' in page
    assert "新疆财经大学" not in page


def test_prefecture_admin_lists_only_their_units(
    client: Client, kashgar_hr: User, unit_a: BaseUnit, unit_b: BaseUnit
) -> None:
    client.force_login(kashgar_hr)
    page = text(client.get(LIST))
    assert "喀什地区实验中学" in page and "新疆财经大学" not in page
    assert "没有符合条件的单位" in text(client.get(LIST, {"q": "新疆财经大学"}))
    assert edit_url(unit_a) not in text(client.get(LIST, {"q": "新疆财经大学"}))


def test_unit_list_has_constant_queries(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            unit = make_unit(regions["kashgar"], f"喀什单位{i}", f"9165310000000{i:04d}X")
            unit.county = regions["yuepuhu"]
            unit.save()

    client.force_login(hr_admin)
    add(0, 1)
    one = count_queries(client, LIST)
    add(1, 29)
    assert count_queries(client, LIST) == one
    assert text(client.get(LIST)).count("岳普湖县") == 30


def test_the_unit_list_sorts_pages_and_exports_what_it_lists(
    client: Client, hr_admin: User, unit_a: BaseUnit, unit_b: BaseUnit
) -> None:
    """A staff table (ADR 0039): sort by a column, 20/50/100 rows, Excel of the filtered rows."""
    client.force_login(hr_admin)
    page = text(client.get(LIST, {"sort": "-name"}))
    assert 'aria-sort="descending"' in page
    names = sorted([unit_a.name, unit_b.name], reverse=True)
    assert page.index(names[0]) < page.index(names[1])
    assert '<strong class="per-page-current" aria-current="true">50</strong>' in page
    response = client.get(LIST, {"q": "财经", "export": "xlsx"})
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0][:3] == ["单位名称", "统一社会信用代码", "所属地区"]
    assert [r[0] for r in rows[1:]] == [unit_a.name]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == hr_admin and event.target == "基层工作单位"
    assert event.detail == "1 行；筛选：单位名称或统一社会信用代码=财经"


# ------------------------------------------------------------------- correct details


def test_it_corrects_contact_details_through_the_units_own_action(
    client: Client, hr_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(edit_url(unit_a)))
    assert "更正单位信息：新疆财经大学" in page and 'value="0991-1234567"' in page
    assert 'name="licence"' not in page and 'name="name"' not in page
    response = client.post(
        edit_url(unit_a), details(unit_a, phone="0991-7654321", contact_mobile="13911112222")
    )
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert (unit_a.phone, unit_a.contact_mobile) == ("0991-7654321", "13911112222")
    assert unit_a.name == "新疆财经大学" and unit_a.licence_scan.name == "licences/test.png"
    [row] = audit_rows()
    assert (row.actor, row.target) == (hr_admin, f"基层工作单位 #{unit_a.pk}")
    # The fields changed are named; their values (phone numbers) are not.
    assert row.detail == "修改基层工作单位信息：新疆财经大学（单位电话、联系人手机）"
    assert "已保存单位信息：新疆财经大学" in text(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "abc"}, "请输入带区号的固定电话"),
        ({"contact_mobile": "1391111222"}, "手机"),
        ({"address": "<script>alert(1)</script>"}, "单位地址"),
        ({"address": "\u3000\u3000"}, "请输入单位地址"),
        ({"postcode": "83000"}, "邮政编码为 6 位数字"),
        ({"nature": "county", "county": ""}, "县级及以下单位请选择所属县(市、区)"),
    ],
)
def test_it_refuses_bad_details_and_changes_nothing(
    client: Client, hr_admin: User, unit_a: BaseUnit, changes: dict[str, str], message: str
) -> None:
    client.force_login(hr_admin)
    response = client.post(edit_url(unit_a), details(unit_a, **changes))
    assert response.status_code == 200
    assert message in text(response)
    before = unit_a.updated_at
    unit_a.refresh_from_db()
    assert unit_a.updated_at == before and unit_a.phone == "0991-1234567"
    assert audit_rows() == []


def test_a_county_of_another_region_is_refused(
    client: Client, hr_admin: User, unit_a: BaseUnit, regions: dict[str, Region]
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        edit_url(unit_a), details(unit_a, nature="county", county=str(regions["yuepuhu"].pk))
    )
    assert "所选县(市、区)不属于本单位所在地区" in text(response)
    unit_a.refresh_from_db()
    assert unit_a.county is None and audit_rows() == []


def test_saving_unchanged_details_is_refused(
    client: Client, hr_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(hr_admin)
    response = client.post(edit_url(unit_a), details(unit_a))
    assert "单位信息没有变化，无需保存" in text(response)
    assert audit_rows() == []


def test_a_stale_details_form_is_refused(client: Client, hr_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(hr_admin)
    data = details(unit_a, phone="0991-7654321")
    BaseUnit.objects.filter(pk=unit_a.pk).update(address="单位自己改的地址")  # the unit, meanwhile
    unit_a.refresh_from_db()
    unit_a.save()  # moves updated_at on, as the unit's own save does
    response = client.post(edit_url(unit_a), data)
    assert "单位信息在您打开此页面后已被修改" in text(response)
    unit_a.refresh_from_db()
    assert (unit_a.phone, unit_a.address) == ("0991-1234567", "单位自己改的地址")
    assert audit_rows() == []


# --------------------------------------------------------------------- 变更单位名称


def test_it_renames_a_unit_keeping_the_history(
    client: Client, hr_admin: User, unit_a: BaseUnit
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        rename_url(unit_a),
        {
            "new_name": "新疆财经大学（更名后）",
            "new_uscc": unit_a.uscc,
            "reason": "上级批复更名",
            "version": stale.token(unit_a),
        },
    )
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.name == "新疆财经大学（更名后）"
    change = UnitNameChange.objects.get(unit=unit_a)
    assert (change.old_name, change.changed_by, change.reason) == (
        "新疆财经大学",
        hr_admin,
        "上级批复更名",
    )
    [row] = audit_rows()
    assert row.target == f"基层工作单位 #{unit_a.pk}"
    assert row.detail == "变更单位名称：新疆财经大学 → 新疆财经大学（更名后）"
    history = text(client.get(rename_url(unit_a)))
    assert "单位名称变更记录" in history and "上级批复更名" in history and "人社管理员" in history


def test_a_code_already_registered_is_refused(
    client: Client, hr_admin: User, unit_a: BaseUnit, unit_b: BaseUnit
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        rename_url(unit_a),
        {
            "new_name": unit_a.name,
            "new_uscc": unit_b.uscc,
            "reason": "更正代码",
            "version": stale.token(unit_a),
        },
    )
    assert response.status_code == 200
    assert "该统一社会信用代码已被其他单位使用" in text(response)
    unit_a.refresh_from_db()
    assert unit_a.uscc == "126500004580000403"
    assert not UnitNameChange.objects.exists() and audit_rows() == []


def test_a_stale_rename_form_is_refused(client: Client, hr_admin: User, unit_a: BaseUnit) -> None:
    client.force_login(hr_admin)
    data = {
        "new_name": "新名称大学",
        "new_uscc": unit_a.uscc,
        "reason": "更名",
        "version": "2000-01-01T00:00:00+00:00",
    }
    response = client.post(rename_url(unit_a), data)
    assert "单位信息在您打开此页面后已被修改" in text(response)
    unit_a.refresh_from_db()
    assert unit_a.name == "新疆财经大学" and audit_rows() == []


# -------------------------------------------------------------------- access, scoping


def test_prefecture_admin_gets_404_for_a_unit_of_another_prefecture(
    client: Client, kashgar_hr: User, unit_a: BaseUnit, unit_b: BaseUnit
) -> None:
    client.force_login(kashgar_hr)
    assert client.get(edit_url(unit_a)).status_code == 404
    assert client.get(rename_url(unit_a)).status_code == 404
    assert client.post(edit_url(unit_a), details(unit_a, phone="0991-7654321")).status_code == 404
    response = client.post(
        rename_url(unit_a),
        {"new_name": "篡改", "new_uscc": unit_a.uscc, "reason": "x", "version": ""},
    )
    assert response.status_code == 404
    unit_a.refresh_from_db()
    assert (unit_a.name, unit_a.phone) == ("新疆财经大学", "0991-1234567")
    # Their own prefecture's unit is theirs to correct.
    response = client.post(edit_url(unit_b), details(unit_b, phone="0998-1234567"))
    assert response.status_code == 302
    [row] = audit_rows()
    assert row.region is not None and row.region.name == "喀什地区"


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_are_refused(
    client: Client, request: pytest.FixtureRequest, who: str, unit_a: BaseUnit
) -> None:
    client.force_login(request.getfixturevalue(who))
    for url in (LIST, edit_url(unit_a), rename_url(unit_a)):
        assert client.get(url).status_code == 403, url
    assert client.post(edit_url(unit_a), details(unit_a, phone="0991-7654321")).status_code == 403
    unit_a.refresh_from_db()
    assert unit_a.phone == "0991-1234567"
