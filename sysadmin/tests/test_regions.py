"""行政区域 in 系统设置: read-only, because every attribute is owned by the reference data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import make_unit
from orgs.models import BaseUnit, Region
from sysadmin.tests.helpers import count_queries, text

pytestmark = pytest.mark.django_db

LIST = reverse("sysadmin:regions")


def table(client: Client) -> str:
    """The region table alone (the page header has a region selector of its own)."""
    return text(client.get(LIST)).split('id="regions"')[1].split("</table>")[0]


def test_it_lists_codes_names_and_flags(
    client: Client, hr_admin: User, regions: dict[str, Region], unit_b: BaseUnit
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(LIST))
    for region in regions.values():
        assert f"<td>{region.code}</td><td>{region.name}</td>" in page
    kashgar_row = page.split("<td>653100</td>")[1].split("</tr>")[0]
    # 南疆四地州 and 登录入口 are both 是; one unit is registered there.
    assert kashgar_row.count("是") == 2 and "<td>1</td>" in kashgar_row
    assert "由参考数据维护" in page
    assert LIST in text(client.get(reverse("sysadmin:index")))


def test_it_offers_no_way_to_edit(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(LIST)).split("<main")[1].split("</main>")[0]
    assert 'method="post"' not in page and "<input" not in page
    assert client.post(LIST, {"name": "喀什"}).status_code == 405
    assert Region.objects.get(code="653100").name == "喀什地区"


def test_prefecture_admin_sees_their_prefecture_and_its_counties(
    client: Client, kashgar_hr: User, regions: dict[str, Region]
) -> None:
    client.force_login(kashgar_hr)
    page = table(client)
    assert "喀什地区" in page and "岳普湖县" in page
    assert "乌鲁木齐市" not in page and "天山区" not in page and "650000" not in page


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_are_refused(
    client: Client, request: pytest.FixtureRequest, who: str, regions: dict[str, Region]
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_region_list_has_constant_queries(
    client: Client, hr_admin: User, regions: dict[str, Region], count: int
) -> None:
    for i in range(count):
        Region.objects.create(
            code=f"6531{50 + i:02d}", name=f"测试县{i}", level="county", parent=regions["kashgar"]
        )
        make_unit(regions["kashgar"], f"单位{i}", f"9165310000000{i:04d}X")
    client.force_login(hr_admin)
    assert count_queries(client, LIST) == 8
    assert table(client).count("<td>喀什地区</td>") == count + 2  # itself, 岳普湖县 and the new
