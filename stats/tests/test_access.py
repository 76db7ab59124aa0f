"""Who may open 统计, and what each one is counted over (scoping in the queryset)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from accounts.models import User
from stats.tests.conftest import NOW, Known, draw

URL = "/stats/"


def test_the_url_is_stats() -> None:
    assert reverse("stats:index") == URL


def test_it_sends_anonymous_visitors_to_sign_in(client: Client, known: Known) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer"])
def test_it_refuses_other_roles(
    client: Client, known: Known, who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    client.force_login(user)
    for url in (URL, reverse("stats:export", args=["counts"])):
        response = client.get(url)
        assert response.status_code == 403
        assert "当前账号的角色不能使用此功能" in response.content.decode()


def test_an_unknown_figure_is_not_found(client: Client, known: Known, hr_admin: User) -> None:
    client.force_login(hr_admin)
    assert client.get(reverse("stats:export", args=["salaries"])).status_code == 404


def test_the_menu_offers_statistics_to_hr_and_committee_staff_only(
    client: Client, known: Known, hr_admin: User, committee_staff: User, applicant: User
) -> None:
    for user, shown in ((hr_admin, True), (committee_staff, True), (applicant, False)):
        client.force_login(user)
        page = client.get(reverse("accounts:home")).content.decode()
        assert (f'href="{URL}"' in page) is shown, user.username


@freeze_time(NOW)
def test_the_autonomous_region_admin_sees_every_region(
    client: Client, known: Known, hr_admin: User
) -> None:
    client.force_login(hr_admin)
    response = client.get(URL, {"year": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "统计范围：全区（自治区及各地州市）" in page
    assert '<th scope="row">乌鲁木齐市</th>' in page
    assert '<th scope="row">喀什地区</th>' in page


def test_a_prefecture_admin_sees_only_their_prefecture(
    known: Known, kashgar_hr: User, urumqi_hr: User
) -> None:
    assert draw(kashgar_hr, "counts", year=2026).rows == [["喀什地区", 1, 0, 1, 1, 3]]
    assert draw(urumqi_hr, "counts", year=2026).rows == [["乌鲁木齐市", 2, 1, 1, 2, 6]]
    assert [r[0] for r in draw(kashgar_hr, "units", year=2026).rows] == ["喀什地区实验中学"]
    assert [r[0] for r in draw(kashgar_hr, "departments", year=2026).rows] == ["喀什地区人社局"]
    assert [r[1] for r in draw(kashgar_hr, "daily", year=2026).rows if r[1]] == [2]


def test_a_prefecture_admin_also_sees_what_their_committees_judge(
    known: Known, kashgar_hr: User, urumqi_hr: User
) -> None:
    # c1: a 乌鲁木齐 unit's application judged by the 喀什 committee (2024).
    assert draw(kashgar_hr, "counts", year=2024).rows == [["乌鲁木齐市", 1, 0, 0, 0, 1]]
    assert draw(urumqi_hr, "counts", year=2024).rows == [["乌鲁木齐市", 1, 0, 0, 0, 1]]


def test_a_prefecture_admin_cannot_filter_by_another_prefecture(
    client: Client, known: Known, kashgar_hr: User
) -> None:
    client.force_login(kashgar_hr)
    response = client.get(URL, {"year": "2026", "region": str(known.regions["urumqi"].pk)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "所选地区不存在或不在您的统计范围内；此条件已忽略。" in page
    assert '<th scope="row">乌鲁木齐市</th>' not in page
    assert '<th scope="row">喀什地区</th>' in page


def test_committee_staff_see_their_committee_once_submitted(
    client: Client, known: Known, committee_staff: User
) -> None:
    # a1..a5 of the 乌鲁木齐 committee; a6 was never submitted, b* belong to 喀什.
    assert draw(committee_staff, "counts", year=2026).rows == [["乌鲁木齐市", 1, 1, 1, 2, 5]]
    assert draw(committee_staff, "meeting", year=2026).rows == [["乌鲁木齐市", 2, 1, 1, 0, 0.5]]
    assert [r[0] for r in draw(committee_staff, "units", year=2026).rows] == ["新疆财经大学"]
    client.force_login(committee_staff)
    page = client.get(URL).content.decode()
    assert "统计范围：乌鲁木齐市评审委员会" in page
    assert "喀什地区实验中学" not in page
