"""任职资格条件: public list and detail pages, readable without signing in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import Level, QualificationCondition, Series, Title
from orgs.regions import entry_regions

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:conditions")

# A link to one condition's page (the footer links to the list, not to a condition).
DETAIL_LINK = re.compile(r'href="/catalog/conditions/\d+/"')


@pytest.fixture
def conditions(db: None) -> dict[str, QualificationCondition]:
    sky = Series.objects.create(
        code="sky", name="社会科学研究", group="社会科学研究系列", sort_order=1
    )
    zxx = Series.objects.create(code="zxxjs", name="中小学教师", group="教师系列", sort_order=2)
    Title.objects.create(series=sky, level=Level.INTERMEDIATE, name="助理研究员")
    Title.objects.create(series=zxx, level=Level.JUNIOR, name="三级教师")
    Title.objects.create(series=zxx, level=Level.JUNIOR, name="二级教师")
    return {
        "sky": QualificationCondition.objects.create(
            series=sky,
            level=Level.INTERMEDIATE,
            title="社会科学研究中级（助理研究员）任职资格条件",
            text="一、基本条件\n遵守法律法规。\n\n二、学历与资历\n具有硕士学位，取得研究实习员职称后满两年。",
        ),
        "zxx": QualificationCondition.objects.create(
            series=zxx,
            level=Level.JUNIOR,
            title="中小学教师初级（三级教师、二级教师）任职资格条件",
            text="具备相应的教师资格。",
        ),
    }


def test_anyone_can_read_the_list(client: Client, conditions: Any) -> None:
    html = client.get(LIST).content.decode()
    assert "社会科学研究中级（助理研究员）任职资格条件" in html
    assert "中小学教师初级（三级教师、二级教师）任职资格条件" in html
    assert reverse("catalog:condition", args=[conditions["sky"].pk]) in html
    assert '<option value="zxxjs">中小学教师</option>' in html
    assert html.index("社会科学研究中级") < html.index("中小学教师初级")  # series order


def test_it_filters_by_series(client: Client, conditions: Any) -> None:
    html = client.get(LIST, {"series": "zxxjs"}).content.decode()
    assert "中小学教师初级（三级教师、二级教师）任职资格条件" in html
    assert "社会科学研究中级（助理研究员）任职资格条件" not in html
    assert '<option value="zxxjs" selected>' in html


def test_an_unknown_series_shows_an_empty_list(client: Client, conditions: Any) -> None:
    response = client.get(LIST, {"series": "<nope>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有找到该系列的任职资格条件" in html and not DETAIL_LINK.search(html)
    assert "<nope>" not in html


def test_an_inactive_series_is_not_listed(client: Client, conditions: Any) -> None:
    Series.objects.filter(code="sky").update(is_active=False)
    html = client.get(LIST).content.decode()
    assert "社会科学研究中级" not in html and "中小学教师初级" in html
    url = reverse("catalog:condition", args=[conditions["sky"].pk])
    assert client.get(url).status_code == 404


def test_the_list_costs_one_query_however_many_rows(
    client: Client, conditions: Any, django_assert_num_queries: Any
) -> None:
    for n in range(12):
        series = Series.objects.create(code=f"s{n}", name=f"系列{n}", sort_order=10 + n)
        for level in Level.values:
            QualificationCondition.objects.create(
                series=series, level=level, title=f"条件{n}-{level}", text="…"
            )
    entry_regions()  # the region selector's list is cached across requests
    with django_assert_num_queries(1):
        response = client.get(LIST)
    assert response.content.decode().count("<tr>") == 1 + 2 + 12 * 4


def test_anyone_can_read_a_condition(client: Client, conditions: Any) -> None:
    response = client.get(reverse("catalog:condition", args=[conditions["sky"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>社会科学研究中级（助理研究员）任职资格条件</h1>" in html
    assert "<p>二、学历与资历<br>具有硕士学位，取得研究实习员职称后满两年。</p>" in html
    assert "助理研究员" in html and "2019 年起" in html


def test_a_condition_names_its_titles(client: Client, conditions: Any) -> None:
    html = client.get(reverse("catalog:condition", args=[conditions["zxx"].pk])).content.decode()
    assert "三级教师、二级教师" in html


def test_a_missing_condition_is_not_found(client: Client, conditions: Any) -> None:
    response = client.get(reverse("catalog:condition", args=[999999]))
    assert response.status_code == 404


def test_the_loaded_reference_conditions_render(client: Client, db: None) -> None:
    from orgs.reference.loader import load_reference_data

    load_reference_data()
    html = client.get(LIST).content.decode()
    assert len(DETAIL_LINK.findall(html)) == QualificationCondition.objects.count() == 28
    cond = QualificationCondition.objects.get(series__code="cb", level=Level.SENIOR)
    detail = client.get(reverse("catalog:condition", args=[cond.pk])).content.decode()
    assert "出版系列正高（编审）任职资格条件" in detail and "终审" in detail
