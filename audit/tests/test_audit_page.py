"""系统设置 → 安全审计: scoped to the hr_admin's region, searched, filtered, paged, exported."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import Role, User
from audit.actions import record
from audit.models import AuditEvent
from audit.tests.helpers import IP, only
from conftest import make_user
from orgs.models import Region

pytestmark = pytest.mark.django_db
A = AuditEvent.Action
R = AuditEvent.Result
URL = reverse("sysadmin:audit")
EXPORT = reverse("sysadmin:audit_export")


def text(response: Any) -> str:
    return response.content.decode()


def table(html: str) -> str:
    if 'id="audit-events"' not in html or "<tbody>" not in html:
        return ""
    return html.split("<tbody>")[1].split("</tbody>")[0]


def rows_in(html: str) -> int:
    return table(html).count("<tr>")


def at_days_ago(days: int, **fields: Any) -> AuditEvent:
    return AuditEvent.objects.create(at=timezone.now() - timedelta(days=days), **fields)


@pytest.fixture
def kashgar_hr(regions: dict[str, Region]) -> User:
    return make_user("kashgar_hr", Role.HR_ADMIN, admin_region=regions["kashgar"])


@pytest.fixture
def events(
    applicant: User, unit_admin: User, other_unit_admin: User, committee_staff: User
) -> None:
    record(A.LOGIN, actor=applicant, target="zhangsan", ip_address="203.0.113.1")
    record(A.LOGIN, actor=unit_admin, target="unit_a_admin")  # 乌鲁木齐市
    record(A.LOGIN_FAILED, actor=other_unit_admin, result=R.FAILED, target="unit_b_admin")
    record(A.EXPORTED, actor=committee_staff, target="会议评审结果-2026-1.xlsx")  # 乌鲁木齐市
    record(A.LOGIN_FAILED, actor_name="ghost", result=R.FAILED)


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "committee_staff", "dept_reviewer"])
def test_only_hr_admin_may_open_it(client: Client, request: Any, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


def test_the_autonomous_region_admin_sees_everything(
    client: Client, hr_admin: User, events: None
) -> None:
    client.force_login(hr_admin)
    html = text(client.get(URL))
    assert "安全审计" in html and "共 6 条记录" in html  # five events and hr_admin's own sign-in
    for name in ("zhangsan", "unit_a_admin", "unit_b_admin", "committee_staff", "ghost"):
        assert name in html
    assert "203.0.113.1" in html and "申请人" in html and "喀什地区" in html


def test_a_prefecture_admin_sees_their_region_and_their_own(
    client: Client, kashgar_hr: User, events: None
) -> None:
    client.force_login(kashgar_hr)
    html = table(text(client.get(URL)))
    assert rows_in(text(client.get(URL))) == 2  # unit_b_admin's (喀什地区) and kashgar_hr's own
    assert "unit_b_admin" in html and "kashgar_hr" in html
    for name in ("zhangsan", "unit_a_admin", "committee_staff", "ghost"):
        assert name not in html


def test_it_filters_by_name_target_action_result_and_role(
    client: Client, hr_admin: User, events: None
) -> None:
    client.force_login(hr_admin)
    assert rows_in(text(client.get(URL, {"username": "UNIT_"}))) == 2  # case does not matter
    assert rows_in(text(client.get(URL, {"target": "会议评审"}))) == 1
    assert rows_in(text(client.get(URL, {"action": "login_failed"}))) == 2
    assert rows_in(text(client.get(URL, {"result": "failed", "role": "unit_admin"}))) == 1
    html = text(client.get(URL, {"role": "committee_staff"}))
    assert rows_in(html) == 1 and "会议评审结果-2026-1.xlsx" in html
    assert "没有符合条件的记录" in text(client.get(URL, {"username": "无此人"}))


def test_it_filters_by_date_range(client: Client, hr_admin: User) -> None:
    at_days_ago(10, action=A.LOGIN, actor_name="ten_days")
    at_days_ago(3, action=A.LOGIN, actor_name="three_days")
    client.force_login(hr_admin)
    today = timezone.localdate()
    html = text(
        client.get(
            URL,
            {
                "date_from": str(today - timedelta(days=11)),
                "date_to": str(today - timedelta(days=5)),
            },
        )
    )
    assert rows_in(html) == 1 and "ten_days" in html
    html = text(client.get(URL, {"date_from": str(today - timedelta(days=3))}))
    assert "three_days" in html and "ten_days" not in html
    assert rows_in(text(client.get(URL, {"date_to": str(today - timedelta(days=3))}))) == 2


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2026-13-01"}, "date_from", "请按“年-月-日”填写日期"),
        ({"date_to": "昨天"}, "date_to", "请按“年-月-日”填写日期"),
        ({"date_from": "0001-01-01"}, "date_from", "请填写 2000 年至 2100 年之间的日期"),
        (
            {"date_from": "2026-05-02", "date_to": "2026-05-01"},
            "date_to",
            "结束日期不能早于开始日期",
        ),
        ({"action": "drop_table"}, "action", "选择一个有效的选项"),
        ({"username": "x" * 151}, "username", "不超过 150"),
    ],
)
def test_bad_filters_are_named_beside_the_field_and_kept(
    client: Client, hr_admin: User, params: dict[str, str], field: str, message: str
) -> None:
    client.force_login(hr_admin)
    response = client.get(URL, params)
    html = text(response)
    assert response.status_code == 400
    block = html.split(f'id="field-{field}"')[1].split("</div>")[0]
    assert message in block
    assert "筛选条件有误" in html and rows_in(html) == 0
    for value in params.values():
        if len(value) < 20:
            assert f'value="{value}"' in html or f'<option value="{value}"' not in html
    export = client.get(EXPORT, params)
    assert export.status_code == 400 and message in text(export)
    assert not AuditEvent.objects.filter(action=A.EXPORTED).exists()


def test_it_pages_with_the_shared_pager(client: Client, hr_admin: User) -> None:
    for i in range(50):
        record(A.LOGIN_FAILED, actor_name=f"guess{i:02d}", result=R.FAILED)
    client.force_login(hr_admin)  # the 51st row
    first = text(client.get(URL))
    assert rows_in(first) == 50 and "第 1 / 2 页" in first and "下一页" in first
    second = text(client.get(URL, {"page": 2}))
    assert rows_in(second) == 1 and "guess00" in second
    filtered = text(client.get(URL, {"action": "login_failed", "page": "2"}))
    assert "第 1 / 1 页" not in filtered and rows_in(filtered) == 50  # past the end: last page


def page_queries(client: Client, rows: int) -> int:
    client.get(URL)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"action": "login"})
    assert rows_in(text(response)) == rows
    return len(ctx.captured_queries)


def test_the_page_has_constant_queries(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)  # one row already: its sign-in
    one = page_queries(client, 1)
    for i in range(49):
        record(A.LOGIN, actor=hr_admin, target=f"t{i}")
    assert page_queries(client, 50) == one


def test_the_export_holds_exactly_the_filtered_rows_and_is_audited(
    client: Client, hr_admin: User, events: None
) -> None:
    client.force_login(hr_admin)
    response = client.get(EXPORT, {"action": "login_failed", "page": "2"}, REMOTE_ADDR=IP)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == (
        "时间",
        "操作人账号",
        "角色",
        "所属区域",
        "事件",
        "对象",
        "结果",
        "说明",
        "客户端地址",
    )
    assert sorted(row[1] for row in values[1:]) == ["ghost", "unit_b_admin"]
    b_row = next(row for row in values[1:] if row[1] == "unit_b_admin")
    assert b_row[2:7] == ("基层工作单位管理员", "喀什地区", "登录失败", "unit_b_admin", "失败")
    row = only(A.EXPORTED, actor=hr_admin)
    assert (row.role, row.target, row.result, row.ip_address) == (
        "hr_admin",
        "安全审计日志",
        "ok",
        IP,
    )
    assert row.detail == "2 条；筛选：事件=登录失败"


def test_a_prefecture_admin_exports_only_their_scope(
    client: Client, kashgar_hr: User, events: None
) -> None:
    client.force_login(kashgar_hr)
    response = client.get(EXPORT)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = sorted(row[1] for row in list(sheet.iter_rows(values_only=True))[1:])
    assert names == ["kashgar_hr", "unit_b_admin"]


def test_a_typed_formula_is_exported_as_plain_text(client: Client, hr_admin: User) -> None:
    typed = '=HYPERLINK("http://evil.example","点我")'
    client.post(reverse("accounts:login"), {"region": "650000", "username": typed, "password": "x"})
    client.force_login(hr_admin)
    response = client.get(EXPORT, {"action": "login_failed"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cell = sheet["B2"]
    assert cell.value == typed and cell.data_type == "s"
