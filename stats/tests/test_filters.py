"""Bad filter input: named beside its field, what was typed kept, the rest still drawn, no 500."""

from __future__ import annotations

import pytest
from django.test import Client
from freezegun import freeze_time

from accounts.models import User
from stats.tests.conftest import NOW, Known

URL = "/stats/"


@freeze_time(NOW)
def test_it_opens_on_this_year(client: Client, known: Known, hr_admin: User) -> None:
    client.force_login(hr_admin)
    page = client.get(URL).content.decode()
    assert 'name="year" value="2026"' in page
    assert '<td class="num">9</td>' in page  # 2026 only: a0 (2025) and c1 (2024) left out


@freeze_time(NOW)
def test_an_empty_year_counts_every_year(client: Client, known: Known, hr_admin: User) -> None:
    client.force_login(hr_admin)
    page = client.get(URL, {"year": "", "group": "year"}).content.decode()
    assert '<th scope="row">2024</th>' in page and '<th scope="row">2025</th>' in page
    assert "请在上方选择一个年度，查看该年度申报期内每日的提交量。" in page


@freeze_time(NOW)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "年度应为四位数字，例如 2026；此条件已忽略。"),
        ("１９９９", "年度应在 2000 至 2100 之间；此条件已忽略。"),
        ("99999999999999999999", "年度应在 2000 至 2100 之间；此条件已忽略。"),
        ("2026.5", "年度应为四位数字，例如 2026；此条件已忽略。"),
    ],
)
def test_it_names_a_bad_year_and_ignores_it(
    client: Client, known: Known, hr_admin: User, value: str, message: str
) -> None:
    client.force_login(hr_admin)
    response = client.get(URL, {"year": value})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'value="{value}"' in page  # kept as typed
    assert "部分筛选条件有误" in page
    # Drawn over every year instead: 9 + a0 + c1.
    assert '<td class="num">11</td>' in page


@freeze_time(NOW)
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("region", "999999", "所选地区不存在或不在您的统计范围内；此条件已忽略。"),
        ("region", "abc", "所选地区不存在或不在您的统计范围内；此条件已忽略。"),
        ("series", "-1", "所选系列不存在；此条件已忽略。"),
        ("level", "9", "所选级别不存在；此条件已忽略。"),
        ("business_type", "<script>", "所选业务类型不存在；此条件已忽略。"),
        ("group", "salary", "没有这种分组方式；已按地区分组。"),
    ],
)
def test_it_names_an_unknown_choice_and_ignores_it(
    client: Client, known: Known, hr_admin: User, field: str, value: str, message: str
) -> None:
    client.force_login(hr_admin)
    response = client.get(URL, {"year": "2026", field: value})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "<script>" not in page.split("<main", 1)[1]
    assert '<th scope="row">乌鲁木齐市</th>' in page  # drawn without the bad filter


@freeze_time(NOW)
def test_a_valid_region_filter_narrows_the_page(
    client: Client, known: Known, hr_admin: User
) -> None:
    client.force_login(hr_admin)
    response = client.get(URL, {"year": "2026", "region": str(known.regions["kashgar"].pk)})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="row">喀什地区</th>' in page
    assert '<th scope="row">乌鲁木齐市</th>' not in page


def test_it_refuses_post(client: Client, known: Known, hr_admin: User) -> None:
    client.force_login(hr_admin)
    assert client.post(URL).status_code == 405
