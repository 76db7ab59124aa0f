"""申报时间: list per committee and year, create, edit, delete, validation, scoping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from catalog.models import Series, Specialty
from lib import stale
from orgs.models import ApplicationWindow, Region, ReviewCommittee
from sysadmin.models import SettingChange
from sysadmin.tests.helpers import count_queries, flashed, text


def stamp(dt: datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def window_post(
    series: Series, *, opens: datetime, closes: datetime, **extra: Any
) -> dict[str, Any]:
    return {
        "business_type": "review",
        "year": str(opens.year),
        "series": str(series.pk),
        "specialty": "",
        "opens_at": stamp(opens),
        "closes_at": stamp(closes),
        **extra,
    }


def test_it_creates_a_window(
    client: Client, hr_admin: User, committee: ReviewCommittee, series: Series
) -> None:
    client.force_login(hr_admin)
    opens = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    response = client.post(
        reverse("sysadmin:window_create", args=[committee.pk]),
        window_post(series, opens=opens, closes=opens + timedelta(days=30)),
    )
    assert response.status_code == 302
    window = ApplicationWindow.objects.get(committee=committee)
    assert (window.opens_at, window.closes_at) == (opens, opens + timedelta(days=30))
    assert SettingChange.objects.filter(kind="window", actor=hr_admin).count() == 1
    page = text(client.get(response["Location"]))
    assert "社会科学研究" in page and "全部专业" in page


def test_it_rejects_closes_before_opens(
    client: Client, hr_admin: User, committee: ReviewCommittee, series: Series
) -> None:
    client.force_login(hr_admin)
    opens = timezone.now() + timedelta(days=5)
    response = client.post(
        reverse("sysadmin:window_create", args=[committee.pk]),
        window_post(series, opens=opens, closes=opens - timedelta(days=1)),
    )
    assert response.status_code == 200
    assert "截止时间必须晚于开始时间" in text(response)
    assert not ApplicationWindow.objects.exists()


def test_it_rejects_a_specialty_of_another_series(
    client: Client, hr_admin: User, committee: ReviewCommittee, series: Series
) -> None:
    other = Series.objects.create(code="ws", name="卫生系列", sort_order=2)
    nurse = Specialty.objects.create(series=other, name="护理")
    client.force_login(hr_admin)
    opens = timezone.now() + timedelta(days=1)
    response = client.post(
        reverse("sysadmin:window_create", args=[committee.pk]),
        window_post(series, opens=opens, closes=opens + timedelta(days=3), specialty=str(nurse.pk)),
    )
    assert "所选专业不属于所选系列" in text(response)
    assert not ApplicationWindow.objects.exists()


def test_it_warns_about_an_overlap(
    client: Client,
    hr_admin: User,
    chain_world: ReviewCommittee,
    series: Series,
    specialty: Specialty,
) -> None:
    client.force_login(hr_admin)
    now = timezone.now()
    response = client.post(
        reverse("sysadmin:window_create", args=[chain_world.pk]),
        window_post(
            series,
            opens=now + timedelta(days=1),
            closes=now + timedelta(days=20),
            specialty=str(specialty.pk),
        ),
    )
    assert response.status_code == 302
    assert any("重叠" in m for m in flashed(response))
    assert ApplicationWindow.objects.filter(committee=chain_world).count() == 2


def test_no_warning_without_overlap(
    client: Client, hr_admin: User, chain_world: ReviewCommittee, series: Series
) -> None:
    client.force_login(hr_admin)
    later = timezone.now() + timedelta(days=100)
    response = client.post(
        reverse("sysadmin:window_create", args=[chain_world.pk]),
        window_post(series, opens=later, closes=later + timedelta(days=5)),
    )
    assert not any("重叠" in m for m in flashed(response))


def test_it_edits_a_window(
    client: Client, hr_admin: User, chain_world: ReviewCommittee, series: Series
) -> None:
    window = ApplicationWindow.objects.get(committee=chain_world)
    client.force_login(hr_admin)
    page = client.get(reverse("sysadmin:window_edit", args=[window.pk]))
    version = page.context["form"].initial["version"]
    closes = window.closes_at.replace(second=0, microsecond=0) + timedelta(days=10)
    response = client.post(
        reverse("sysadmin:window_edit", args=[window.pk]),
        window_post(series, opens=window.opens_at, closes=closes, version=version),
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.closes_at == closes


def test_a_stale_edit_is_refused(
    client: Client, hr_admin: User, chain_world: ReviewCommittee, series: Series
) -> None:
    window = ApplicationWindow.objects.get(committee=chain_world)
    client.force_login(hr_admin)
    version = (
        client.get(reverse("sysadmin:window_edit", args=[window.pk]))
        .context["form"]
        .initial["version"]
    )
    # Another admin saves first.
    ApplicationWindow.objects.filter(pk=window.pk).update(
        closes_at=window.closes_at + timedelta(days=1)
    )
    response = client.post(
        reverse("sysadmin:window_edit", args=[window.pk]),
        window_post(
            series,
            opens=window.opens_at,
            closes=window.closes_at + timedelta(days=9),
            version=version,
        ),
    )
    assert response.status_code == 200
    assert "已被他人修改" in text(response)
    window.refresh_from_db()
    assert window.closes_at != window.opens_at + timedelta(days=9)


def test_it_deletes_a_window(client: Client, hr_admin: User, chain_world: ReviewCommittee) -> None:
    window = ApplicationWindow.objects.get(committee=chain_world)
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:window_delete", args=[window.pk]),
        {"version": stale.token(window)},
    )
    assert response.status_code == 302
    assert not ApplicationWindow.objects.filter(pk=window.pk).exists()
    assert SettingChange.objects.filter(kind="window", summary__startswith="删除").exists()


def test_a_stale_delete_is_refused(
    client: Client, hr_admin: User, chain_world: ReviewCommittee
) -> None:
    window = ApplicationWindow.objects.get(committee=chain_world)
    client.force_login(hr_admin)
    response = client.post(reverse("sysadmin:window_delete", args=[window.pk]), {"version": "old"})
    assert any("已被他人修改" in m for m in flashed(response))
    assert ApplicationWindow.objects.filter(pk=window.pk).exists()


def test_prefecture_admin_gets_404_for_another_region(
    client: Client, kashgar_hr: User, chain_world: ReviewCommittee, series: Series
) -> None:
    window = ApplicationWindow.objects.get(committee=chain_world)
    client.force_login(kashgar_hr)
    assert client.get(reverse("sysadmin:windows", args=[chain_world.pk])).status_code == 404
    assert client.get(reverse("sysadmin:window_create", args=[chain_world.pk])).status_code == 404
    assert client.get(reverse("sysadmin:window_edit", args=[window.pk])).status_code == 404
    assert (
        client.post(
            reverse("sysadmin:window_delete", args=[window.pk]),
            {"version": stale.token(window)},
        ).status_code
        == 404
    )
    assert ApplicationWindow.objects.filter(pk=window.pk).exists()


def test_prefecture_admin_edits_own_region(
    client: Client, kashgar_hr: User, regions: dict[str, Region], series: Series
) -> None:
    kashgar = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    client.force_login(kashgar_hr)
    opens = timezone.now() + timedelta(days=1)
    response = client.post(
        reverse("sysadmin:window_create", args=[kashgar.pk]),
        window_post(series, opens=opens, closes=opens + timedelta(days=3)),
    )
    assert response.status_code == 302
    assert ApplicationWindow.objects.filter(committee=kashgar).count() == 1


@pytest.mark.parametrize("count", [1, 30])
def test_window_list_has_constant_queries(
    client: Client, hr_admin: User, committee: ReviewCommittee, series: Series, count: int
) -> None:
    now = timezone.now()
    specialties = [Specialty.objects.create(series=series, name=f"专业{i}") for i in range(count)]
    for sp in specialties:
        ApplicationWindow.objects.create(
            committee=committee,
            year=now.year,
            series=series,
            specialty=sp,
            opens_at=now,
            closes_at=now + timedelta(days=3),
        )
    client.force_login(hr_admin)
    url = reverse("sysadmin:windows", args=[committee.pk]) + f"?year={now.year}"
    assert count_queries(client, url) == 9
    assert text(client.get(url)).count("确定删除这条申报时间吗") == count


def test_window_list_shows_one_year(
    client: Client, hr_admin: User, committee: ReviewCommittee, series: Series
) -> None:
    for year in (2024, 2025):
        ApplicationWindow.objects.create(
            committee=committee,
            year=year,
            series=series,
            opens_at=datetime(year, 3, 1, 8, tzinfo=UTC),
            closes_at=datetime(year, 3, 1, 8, tzinfo=UTC) + timedelta(days=3),
        )
    client.force_login(hr_admin)
    page = text(client.get(reverse("sysadmin:windows", args=[committee.pk])))
    assert "2025 年" in page and page.count("确定删除这条申报时间吗") == 1
    page = text(client.get(reverse("sysadmin:windows", args=[committee.pk]), {"year": 2024}))
    assert "2024 年" in page and page.count("确定删除这条申报时间吗") == 1
    assert "2024/03/" in page and "2025/03/" not in page
