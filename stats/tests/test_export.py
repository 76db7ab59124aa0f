"""导出 Excel: each figure's table as the page shows it, Chinese headers, and an audit row."""

from __future__ import annotations

import io
from datetime import datetime

from django.test import Client
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from audit.models import AuditEvent
from stats.export import XLSX_CONTENT_TYPE
from stats.tests.conftest import NOW, Known
from zhicheng.tests.file_headers import assert_user_file


def sheet_rows(response: object, name: str = "数据") -> list[list[object]]:
    book = load_workbook(io.BytesIO(response.content))  # type: ignore[attr-defined]
    return [list(row) for row in book[name].iter_rows(values_only=True)]


@freeze_time(NOW)
def test_it_exports_the_counts_with_chinese_headers(
    client: Client, known: Known, hr_admin: User
) -> None:
    client.force_login(hr_admin)
    response = client.get(reverse("stats:export", args=["counts"]), {"year": "2026"})
    assert_user_file(
        response,
        inline=False,
        filename="统计-申请书数量（按地区和状态）-20260630-120000.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
    assert sheet_rows(response) == [
        ["地区", "申请人填写中", "退回修改", "审核中", "通过形式审核", "合计"],
        ["乌鲁木齐市", 2, 1, 1, 2, 6],
        ["喀什地区", 1, 0, 1, 1, 3],
        ["合计", 3, 1, 2, 3, 9],
    ]
    about = dict((r[0], r[1]) for r in sheet_rows(response, "说明"))
    assert about["统计项"] == "申请书数量（按地区和状态）"
    assert about["统计范围"] == "全区（自治区及各地州市）"
    assert about["筛选条件"] == "年度=2026"
    assert about["导出时间"] == "2026-06-30 12:00:00"
    assert str(about["口径"]).startswith("按每份申请书的当前状态计数")


@freeze_time(NOW)
def test_it_exports_rates_as_percentages_and_waits_in_hours(
    client: Client, known: Known, hr_admin: User
) -> None:
    client.force_login(hr_admin)
    formal = client.get(reverse("stats:export", args=["formal"]), {"year": "2026"})
    rows = sheet_rows(formal)
    assert rows[0][-1] == "形式审核通过率"
    assert rows[1] == ["乌鲁木齐市", 5, 2, 1, 1, 1, 1, 0.5]
    assert rows[-1] == ["合计", 7, 3, 2, 1, 1, 2, 0.6]
    book = load_workbook(io.BytesIO(formal.content))
    assert book["数据"]["H2"].number_format == "0.0%"

    units = sheet_rows(client.get(reverse("stats:export", args=["units"]), {"year": "2026"}))
    assert units[0] == [
        "基层工作单位",
        "经过次数",
        "仍在等待",
        "等待时间中位数（小时）",
        "等待时间第90百分位（小时）",
    ]
    assert units[1:] == [["喀什地区实验中学", 2, 1, 55, 59], ["新疆财经大学", 6, 0, 15, 35]]

    daily = sheet_rows(client.get(reverse("stats:export", args=["daily"]), {"year": "2026"}))
    assert daily[0] == ["日期", "提交次数", "说明"]
    assert daily[10] == [datetime(2026, 6, 10), 2, "申报截止"]
    assert daily[-1] == ["合计", 8, None]


@freeze_time(NOW)
def test_every_export_is_audited(client: Client, known: Known, kashgar_hr: User) -> None:
    client.force_login(kashgar_hr)
    client.get(
        reverse("stats:export", args=["meeting"]),
        {"year": "2026", "region": str(known.regions["kashgar"].pk), "level": "3"},
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == kashgar_hr
    assert event.role == "hr_admin"
    assert event.target == "统计：会议评审通过率（按地区）"
    assert event.detail == "1 行；筛选：年度=2026，地区=喀什地区，级别=副高"
    assert event.result == AuditEvent.Result.OK


@freeze_time(NOW)
def test_it_refuses_to_export_with_bad_filters(
    client: Client, known: Known, hr_admin: User
) -> None:
    client.force_login(hr_admin)
    response = client.get(reverse("stats:export", args=["counts"]), {"year": "abc"})
    page = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "筛选条件有误，请按提示更正后再导出。" in page
    assert "年度应为四位数字，例如 2026；此条件已忽略。" in page
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


@freeze_time(NOW)
def test_it_will_not_export_the_daily_figure_without_a_year(
    client: Client, known: Known, hr_admin: User
) -> None:
    client.force_login(hr_admin)
    response = client.get(reverse("stats:export", args=["daily"]), {"year": ""})
    assert response.status_code == 400
    assert "请在上方选择一个年度" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


@freeze_time(NOW)
def test_a_unit_name_that_looks_like_a_formula_stays_text(
    client: Client, known: Known, hr_admin: User
) -> None:
    known.unit_b.name = '=HYPERLINK("http://evil.example","x")'
    known.unit_b.save()
    client.force_login(hr_admin)
    book = load_workbook(
        io.BytesIO(client.get(reverse("stats:export", args=["units"]), {"year": "2026"}).content)
    )
    cell = book["数据"]["A2"]
    assert cell.value == '=HYPERLINK("http://evil.example","x")'
    assert cell.data_type == "s"
