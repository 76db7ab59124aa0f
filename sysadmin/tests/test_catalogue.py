"""资格目录: series, titles and specialties, edited by the 自治区 hr_admin; and the index page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from catalog.models import Series, Specialty, Title
from lib import stale
from sysadmin import actions
from sysadmin.models import SettingChange
from sysadmin.tests.helpers import count_queries, text


def test_it_adds_a_series(client: Client, hr_admin: User, regions: object) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:catalogue_create", args=["series"]),
        {"code": "gc", "name": "工程系列", "group": "", "sort_order": "5", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Series.objects.get(code="gc").name == "工程系列"
    assert "工程系列" in text(client.get(reverse("sysadmin:catalogue")))


def test_it_adds_a_title_and_a_specialty(client: Client, hr_admin: User, series: Series) -> None:
    client.force_login(hr_admin)
    page = text(
        client.get(reverse("sysadmin:catalogue_create", args=["title"]), {"series": series.pk})
    )
    assert f'<option value="{series.pk}" selected>' in page
    client.post(
        reverse("sysadmin:catalogue_create", args=["title"]),
        {"series": str(series.pk), "level": "3", "name": "副研究员", "sort_order": "0"},
    )
    client.post(
        reverse("sysadmin:catalogue_create", args=["specialty"]),
        {"series": str(series.pk), "name": "社会学", "sort_order": "0"},
    )
    assert Title.objects.filter(series=series, name="副研究员", level=3).exists()
    assert Specialty.objects.filter(series=series, name="社会学").exists()
    assert SettingChange.objects.filter(kind__in=["title", "specialty"]).count() == 2


def test_it_edits_a_title(client: Client, hr_admin: User, series: Series) -> None:
    t = Title.objects.get(series=series)
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:catalogue_edit", args=["title", t.pk]),
        {
            "series": str(series.pk),
            "level": "2",
            "name": "助理研究员（中级）",
            "sort_order": "1",
            "version": stale.token(t),
        },
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.name == "助理研究员（中级）"


def test_a_duplicate_name_is_refused(client: Client, hr_admin: User, series: Series) -> None:
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:catalogue_create", args=["specialty"]),
        {"series": str(series.pk), "name": "经济学", "sort_order": "0"},
    )
    assert response.status_code == 200 and "已存在" in text(response)
    assert Specialty.objects.filter(name="经济学").count() == 1


def test_a_stale_catalogue_form_is_refused(client: Client, hr_admin: User, series: Series) -> None:
    t = Title.objects.get(series=series)
    version = stale.token(t)
    Title.objects.filter(pk=t.pk).update(sort_order=9)
    client.force_login(hr_admin)
    response = client.post(
        reverse("sysadmin:catalogue_edit", args=["title", t.pk]),
        {
            "series": str(series.pk),
            "level": "2",
            "name": "改名",
            "sort_order": "1",
            "version": version,
        },
    )
    assert "已被他人修改" in text(response)
    t.refresh_from_db()
    assert t.name == "助理研究员"


def test_prefecture_admin_may_not_edit_the_catalogue(
    client: Client, kashgar_hr: User, series: Series
) -> None:
    client.force_login(kashgar_hr)
    assert client.get(reverse("sysadmin:catalogue")).status_code == 200
    assert client.get(reverse("sysadmin:catalogue_create", args=["series"])).status_code == 403
    assert (
        client.post(
            reverse("sysadmin:catalogue_edit", args=["series", series.pk]),
            {"code": "x", "name": "x", "sort_order": "0"},
        ).status_code
        == 403
    )
    series.refresh_from_db()
    assert series.name == "社会科学研究"


def test_unknown_catalogue_kind_is_404(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    assert client.get(reverse("sysadmin:catalogue_create", args=["nope"])).status_code == 404


def test_index_lists_the_latest_changes(client: Client, hr_admin: User, series: Series) -> None:
    actions.save_catalogue_item(hr_admin, "specialty", {"series": series, "name": "法学"})
    client.force_login(hr_admin)
    page = text(client.get(reverse("sysadmin:index")))
    assert "新增专业：法学" in page and "人社管理员" in page
    assert reverse("sysadmin:committees") in page and reverse("sysadmin:templates") in page


@pytest.mark.parametrize("count", [1, 30])
def test_catalogue_list_has_constant_queries(
    client: Client, hr_admin: User, regions: object, count: int
) -> None:
    for i in range(count):
        s = Series.objects.create(code=f"s{i}", name=f"系列{i}", sort_order=i)
        Title.objects.create(series=s, level=2, name=f"资格{i}")
        Specialty.objects.create(series=s, name=f"专业{i}")
    client.force_login(hr_admin)
    assert count_queries(client, reverse("sysadmin:catalogue")) == 9
    assert text(client.get(reverse("sysadmin:catalogue"))).count("新增专业") == count


def test_prefecture_admin_sees_only_own_changes(
    client: Client, hr_admin: User, kashgar_hr: User, series: Series
) -> None:
    actions.save_catalogue_item(hr_admin, "specialty", {"series": series, "name": "法学"})
    client.force_login(kashgar_hr)
    page = text(client.get(reverse("sysadmin:index")))
    assert "新增专业：法学" not in page and "暂无变更记录" in page
