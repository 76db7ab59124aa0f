"""Each figure's numbers on the known world of conftest.py (counted there by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import User
from catalog.models import Level
from stats.tests.conftest import Known, draw

H = 3600.0


def rows(figure: object) -> dict[str, list[object]]:
    return {str(r[0]): r[1:] for r in figure.rows}  # type: ignore[attr-defined]


def test_it_counts_applications_by_region_and_status(known: Known, hr_admin: User) -> None:
    figure = draw(hr_admin, "counts", year=2026)
    assert [c.label for c in figure.columns] == [
        "地区",
        "申请人填写中",
        "退回修改",
        "审核中",
        "通过形式审核",
        "合计",
    ]
    # 乌鲁木齐市 before 喀什地区 (the regions' own order); 自治区本级 has none, so no row.
    assert figure.rows == [["乌鲁木齐市", 2, 1, 1, 2, 6], ["喀什地区", 1, 0, 1, 1, 3]]
    assert figure.total == ["合计", 3, 1, 2, 3, 9]


def test_it_counts_by_every_grouping(known: Known, hr_admin: User) -> None:
    assert draw(hr_admin, "counts", group="year").rows == [
        ["2026", 3, 1, 2, 3, 9],
        ["2025", 0, 0, 0, 1, 1],
        ["2024", 1, 0, 0, 0, 1],
    ]
    assert draw(hr_admin, "counts", group="level", year=2026).rows == [
        ["中级", 3, 1, 2, 2, 8],
        ["副高", 0, 0, 0, 1, 1],
    ]
    assert draw(hr_admin, "counts", group="series", year=2026).rows == [
        ["社会科学研究", 3, 1, 2, 3, 9]
    ]
    assert draw(hr_admin, "counts", group="business_type", year=2026).rows == [
        ["评审", 3, 1, 2, 3, 9]
    ]


def test_the_filters_narrow_every_figure(known: Known, hr_admin: User) -> None:
    kashgar = known.regions["kashgar"].pk
    assert draw(hr_admin, "counts", year=2026, region=kashgar).rows == [["喀什地区", 1, 0, 1, 1, 3]]
    senior = draw(hr_admin, "counts", year=2026, level=Level.ASSOCIATE_SENIOR)
    assert senior.rows == [["喀什地区", 0, 0, 0, 1, 1]]
    assert draw(hr_admin, "counts", year=2026, business_type="special").rows == []
    assert draw(hr_admin, "formal", year=2026, region=kashgar).rows == [
        ["喀什地区", 2, 1, 1, 0, 0, 1, 1.0]
    ]
    assert [r[0] for r in draw(hr_admin, "units", year=2026, region=kashgar).rows] == [
        "喀什地区实验中学"
    ]


def test_it_computes_the_formal_review_pass_rate(known: Known, hr_admin: User) -> None:
    figure = draw(hr_admin, "formal", year=2026)
    # submitted, passed, of which first time, returned, recalled, in review, rate
    assert figure.rows == [
        ["乌鲁木齐市", 5, 2, 1, 1, 1, 1, 0.5],
        ["喀什地区", 2, 1, 1, 0, 0, 1, 1.0],
    ]
    assert figure.total == ["合计", 7, 3, 2, 1, 1, 2, 0.6]
    assert figure.display_total is not None
    assert figure.display_total[-1] == ("60.0%", True)


def test_it_computes_the_meeting_pass_rate(known: Known, hr_admin: User) -> None:
    figure = draw(hr_admin, "meeting", year=2026)
    assert figure.rows == [["乌鲁木齐市", 2, 1, 1, 0, 0.5], ["喀什地区", 1, 0, 0, 1, None]]
    assert figure.total == ["合计", 3, 1, 1, 1, 0.5]
    assert figure.display_rows[1][-1] == ("—", True)


def test_it_gives_the_median_and_90th_percentile_wait_at_each_node(
    known: Known, hr_admin: User
) -> None:
    figure = draw(hr_admin, "waits", year=2026)
    got = rows(figure)
    assert list(got) == ["基层工作单位", "地厅级材料接收部门", "评审机构"]
    # 2,4,10,20,30,40,50,60 h: median (20+30)/2, p90 at rank 6.3 → 50 + 0.3×10
    assert got["基层工作单位"][:2] == [8, 1]
    assert got["基层工作单位"][2] == pytest.approx(25 * H)
    assert got["基层工作单位"][3] == pytest.approx(53 * H)
    # 5,12,24,48,72,100 h
    assert got["地厅级材料接收部门"][:2] == [6, 1]
    assert got["地厅级材料接收部门"][2] == pytest.approx(36 * H)
    assert got["地厅级材料接收部门"][3] == pytest.approx(86 * H)
    # 6,7,18 h
    assert got["评审机构"][:2] == [3, 0]
    assert got["评审机构"][2] == pytest.approx(7 * H)
    assert got["评审机构"][3] == pytest.approx(15.8 * H)
    assert figure.display_rows[0][3:] == [("25.0 小时", True), ("2.2 天", True)]


def test_it_names_the_slowest_units_and_departments(known: Known, hr_admin: User) -> None:
    units = draw(hr_admin, "units", year=2026)
    assert [r[:3] for r in units.rows] == [["喀什地区实验中学", 2, 1], ["新疆财经大学", 6, 0]]
    assert units.rows[0][3] == pytest.approx(55 * H)
    assert units.rows[0][4] == pytest.approx(59 * H)
    assert units.rows[1][3] == pytest.approx(15 * H)
    assert units.rows[1][4] == pytest.approx(35 * H)
    assert units.display_rows[1][3:] == [("15.0 小时", True), ("35.0 小时", True)]
    departments = draw(hr_admin, "departments", year=2026)
    assert [r[:3] for r in departments.rows] == [
        ["乌鲁木齐市人社局", 5, 1],
        ["喀什地区人社局", 1, 0],
    ]
    assert departments.rows[0][3] == pytest.approx(48 * H)
    assert departments.rows[0][4] == pytest.approx(88.8 * H)
    assert departments.rows[1][3] == pytest.approx(5 * H)


def test_it_counts_submissions_per_beijing_day_across_the_windows(
    known: Known, hr_admin: User
) -> None:
    figure = draw(hr_admin, "daily", year=2026)
    by_day = {r[0]: r[1:] for r in figure.rows}
    assert min(by_day) == date(2026, 6, 1) and max(by_day) == date(2026, 6, 12)
    assert len(figure.rows) == 12
    assert {d.day: v[0] for d, v in by_day.items() if v[0]} == {5: 2, 8: 1, 9: 1, 10: 2, 12: 2}
    assert by_day[date(2026, 6, 1)] == [0, "申报开始"]
    assert by_day[date(2026, 6, 10)] == [2, "申报截止"]
    assert by_day[date(2026, 6, 12)] == [2, "申报截止"]
    assert figure.total == ["合计", 8, ""]
    assert figure.notes == [
        "提交最多的一天：2026-06-05，2 次。",
        "截止日 2026-06-12 及其前两天共提交 4 次，占全部提交的 50.0%。",
    ]
    # Both close dates are marked on the chart.
    assert "截止 06-10" in figure.chart and "截止 06-12" in figure.chart


def test_the_daily_figure_asks_for_a_year(known: Known, hr_admin: User) -> None:
    figure = draw(hr_admin, "daily")
    assert figure.unavailable == "请在上方选择一个年度，查看该年度申报期内每日的提交量。"
    assert figure.rows == []


def test_the_slowest_come_first_whatever_their_names(known: Known, hr_admin: User) -> None:
    # Names that sort the other way round: the order must come from the medians.
    known.unit_a.name, known.unit_b.name = "乌市一中", "鹰城中学"
    known.unit_a.save()
    known.unit_b.save()
    known.department.name, known.kashgar_department.name = "鹰城人社局", "乌市人社局"
    known.department.save()
    known.kashgar_department.save()
    assert [r[0] for r in draw(hr_admin, "units", year=2026).rows] == ["鹰城中学", "乌市一中"]
    assert [r[0] for r in draw(hr_admin, "departments", year=2026).rows] == [
        "鹰城人社局",
        "乌市人社局",
    ]
