"""The charts are pictures of their tables: titled, escaped, no script and no style attribute."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.test import Client
from freezegun import freeze_time

from accounts.models import User
from stats import charts
from stats.tests.conftest import NOW, Known


def test_a_bar_chart_is_titled_and_escapes_its_labels() -> None:
    svg = charts.bar_chart(
        chart_id="chart-x",
        title="申请书数量",
        labels=["<script>alert(1)</script>", "喀什地区"],
        series=[charts.Series("审核中", [3, 1]), charts.Series("通过形式审核", [1, None])],
        stacked=True,
    )
    assert svg.startswith('<svg class="chart chart-x"')
    assert 'role="img" aria-labelledby="chart-x-title chart-x-desc"' in svg
    assert '<title id="chart-x-title">申请书数量</title>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg
    # Stacked: the row's total at its end, bars proportional to the largest total (4).
    assert '<text class="value" x="' in svg and ">4</text>" in svg


def test_a_day_chart_marks_the_close() -> None:
    days = [date(2026, 6, 1) + timedelta(days=i) for i in range(10)]
    svg = charts.day_columns(
        chart_id="chart-daily",
        title="每日提交量",
        days=days,
        values=[0, 1, 0, 0, 2, 0, 0, 3, 9, 4],
        marks=[date(2026, 6, 9)],
        mark_text="截止",
    )
    assert svg.count('<line class="mark"') == 1
    assert "截止 06-09" in svg
    assert "<title>2026-06-09：9</title>" in svg
    assert "2026-06-01 至 2026-06-10 每日提交次数，最多一天 9 次" in svg


def test_an_empty_chart_says_so() -> None:
    svg = charts.bar_chart(
        chart_id="chart-e", title="空", labels=[], series=[charts.Series("x", [])]
    )
    assert "没有数据" in svg


@freeze_time(NOW)
def test_the_page_has_no_inline_script_or_style(
    client: Client, known: Known, hr_admin: User
) -> None:
    client.force_login(hr_admin)
    response = client.get("/stats/", {"year": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert page.count('<svg class="chart') == 7
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # Every figure: its heading, its definition, its table and its download.
    for key in ("counts", "formal", "meeting", "waits", "units", "departments", "daily"):
        assert f'id="table-{key}"' in page
        assert f'href="/stats/export/{key}/?year=2026"' in page
    assert "口径：" in page
