"""新增申请书: series → title by level → specialty, unit by search, committee by 属地化; refusals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application, Status
from applications.tests.pages import signed_in, text
from catalog.models import Level, Series, Specialty, Title
from conftest import make_unit
from orgs.models import ApplicationWindow, BaseUnit, CommitteeScope, Region, ReviewCommittee

CREATE = reverse("applications:create")


def choose(
    series: Series, title: Title, specialty: Specialty, unit: BaseUnit, **extra: Any
) -> dict[str, Any]:
    return {
        "series": series.pk,
        "title": title.pk,
        "specialty": specialty.pk,
        "unit": unit.pk,
        **extra,
    }


def test_the_steps_work_without_javascript(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    signed_in(client, applicant)
    html = text(client.get(CREATE))
    assert "评审" in html and f'<option value="{series.pk}">社会科学研究</option>' in html
    assert 'id="confirm-form"' not in html

    # Series chosen: its titles grouped by level, and its specialties.
    html = text(client.get(CREATE, {"series": series.pk}))
    assert (
        '<optgroup label="中级">' in html
        and f'<option value="{title.pk}">[中级] 助理研究员</option>' in html
    )
    assert f'<option value="{specialty.pk}" selected>经济学</option>' in html  # the only one

    # The unit is found by a part of its name (or its code) and picked from the results.
    params: dict[str, Any] = {
        "series": series.pk,
        "title": title.pk,
        "specialty": specialty.pk,
        "q": "财经",
    }
    html = text(client.get(CREATE, params))
    assert f'name="unit" value="{unit_a.pk}"' in html and "新疆财经大学" in html
    by_code: dict[str, Any] = {"series": series.pk, "q": "1265000045"}
    html = text(client.get(CREATE, by_code))
    assert f'name="unit" value="{unit_a.pk}"' in html

    # Everything chosen: the committee is offered, the local one preselected.
    html = text(client.get(CREATE, choose(series, title, specialty, unit_a)))
    assert 'id="confirm-form"' in html
    assert f'name="committee" value="{chain_world.pk}" checked' in html
    assert "属地化默认" in html

    response = client.post(
        CREATE, choose(series, title, specialty, unit_a, committee=chain_world.pk)
    )
    app = Application.objects.get(applicant=applicant)
    assert response.status_code == 302 and response["Location"] == reverse(
        "applications:edit", args=[app.pk]
    )
    assert (app.title, app.specialty, app.unit, app.committee) == (
        title,
        specialty,
        unit_a,
        chain_world,
    )
    assert app.business_type == "review" and app.status == Status.DRAFT
    html = text(client.get(response["Location"]))
    assert f"申请书 {app.number} 已新增" in html


def test_the_autonomous_region_committee_is_offered_after_the_local_one(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    regions: dict[str, Region],
) -> None:
    xj = ReviewCommittee.objects.create(name="自治区社会科学研究评审委员会", region=regions["xj"])
    CommitteeScope.objects.create(committee=xj, series=series, level=Level.INTERMEDIATE)
    now = timezone.now()
    ApplicationWindow.objects.create(
        committee=xj,
        year=now.year,
        series=series,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=3),
    )
    html = text(signed_in(client, applicant).get(CREATE, choose(series, title, specialty, unit_a)))
    assert html.index("乌鲁木齐市评审委员会") < html.index("自治区社会科学研究评审委员会")
    assert f'value="{chain_world.pk}" checked' in html and f'value="{xj.pk}" checked' not in html

    client.post(CREATE, choose(series, title, specialty, unit_a, committee=xj.pk))
    app = Application.objects.get(applicant=applicant)
    assert (
        app.committee == xj and app.qualification_label == "[自治区][中级]社会科学研究/助理研究员"
    )


def test_the_search_shows_at_most_20_units(
    client: Client, chain_world: ReviewCommittee, applicant: User, regions: dict[str, Region]
) -> None:
    for i in range(25):
        BaseUnit.objects.create(
            name=f"测试单位{i:02d}",
            uscc=f"91650100MA77{i:06d}",
            region=regions["urumqi"],
            nature="prefecture",
            contact_name="王",
            contact_mobile="13900000000",
        )
    html = text(signed_in(client, applicant).get(CREATE, {"q": "测试单位"}))
    assert html.count('name="unit"') == 20
    assert "只显示前 20 个结果" in html
    html = text(client.get(CREATE, {"q": "没有这个单位"}))
    assert "没有找到名称或代码包含“没有这个单位”的已注册单位" in html


def test_a_title_already_applied_for_this_year_is_refused_keeping_the_choices(
    client: Client,
    draft: Application,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    response = signed_in(client, draft.applicant).post(
        CREATE, choose(series, title, specialty, unit_a, committee=draft.committee_id, q="财经")
    )
    html = text(response)
    assert response.status_code == 200
    assert "同一个资格在同一年度只可以申请一次" in html and 'id="form-errors"' in html
    assert f'<option value="{title.pk}" selected>' in html
    assert 'id="chosen-unit">新疆财经大学' in html
    assert f'name="committee" value="{draft.committee_id}" checked' in html
    assert Application.objects.count() == 1


def test_the_same_title_under_another_business_type_is_refused(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    template: Any,
) -> None:
    Application.objects.create(
        number="RSSQ-CONFER",
        year=timezone.localdate().year,
        business_type="confer",
        applicant=applicant,
        series=series,
        level=title.level,
        title=title,
        specialty=specialty,
        unit=unit_a,
        committee=chain_world,
        template=template,
    )
    html = text(signed_in(client, applicant).post(CREATE, choose(series, title, specialty, unit_a)))
    assert "同一个资格在同一年度只可以申请一次" in html
    assert Application.objects.filter(business_type="review").count() == 0


def test_no_open_window_is_refused(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    now = timezone.now()
    ApplicationWindow.objects.update(
        opens_at=now - timedelta(days=9), closes_at=now - timedelta(seconds=1)
    )
    html = text(signed_in(client, applicant).post(CREATE, choose(series, title, specialty, unit_a)))
    assert "申报时间未开放或已截止" in html
    assert not Application.objects.exists()


def test_a_unit_id_that_does_not_exist_is_refused(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
) -> None:
    data = {"series": series.pk, "title": title.pk, "specialty": specialty.pk, "unit": 999999}
    html = text(signed_in(client, applicant).post(CREATE, data))
    assert "所选基层工作单位不存在" in html
    assert not Application.objects.exists()
    # Free text where the id belongs is never taken as a unit.
    html = text(client.post(CREATE, {**data, "unit": "新疆财经大学"}))
    assert "所选基层工作单位不存在" in html
    html = text(client.post(CREATE, {**data, "unit": ""}))
    assert "请搜索并选择基层工作单位" in html
    assert not Application.objects.exists()


def test_a_committee_that_does_not_judge_it_is_refused(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    regions: dict[str, Region],
) -> None:
    kashgar = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    CommitteeScope.objects.create(committee=kashgar, series=series, level=Level.INTERMEDIATE)
    html = text(
        signed_in(client, applicant).post(
            CREATE, choose(series, title, specialty, unit_a, committee=kashgar.pk)
        )
    )
    assert "所选评审委员会不评审该单位的此系列和级别" in html
    assert not Application.objects.exists()


def test_a_specialty_of_another_series_is_refused(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    unit_a: BaseUnit,
) -> None:
    other = Series.objects.create(code="ws", name="卫生系列")
    foreign = Specialty.objects.create(series=other, name="临床医学")
    html = text(signed_in(client, applicant).post(CREATE, choose(series, title, foreign, unit_a)))
    assert "所选专业不属于该系列" in html
    assert not Application.objects.exists()


def test_no_committee_for_the_unit_is_explained(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    regions: dict[str, Region],
) -> None:
    far = make_unit(regions["kashgar"], "岳普湖县阿克乡巴扎中心小学", "12653100458480244E")
    html = text(signed_in(client, applicant).get(CREATE, choose(series, title, specialty, far)))
    assert "均没有评审此系列和级别的评审委员会" in html
    assert "确定新增申请书" not in html


def test_nonsense_in_the_query_string_is_ignored(
    client: Client, chain_world: ReviewCommittee, applicant: User, series: Series
) -> None:
    other = Series.objects.create(code="ws", name="卫生系列")
    foreign_title = Title.objects.create(series=other, level=Level.JUNIOR, name="医师")
    params: dict[str, Any] = {
        "series": series.pk,
        "title": foreign_title.pk,
        "unit": "abc",
        "q": "<script>\u202e",
    }
    response = signed_in(client, applicant).get(CREATE, params)
    html = text(response)
    assert response.status_code == 200
    assert f'value="{foreign_title.pk}" selected' not in html
    assert "<script>\u202e" not in html


def test_only_applicants_may_create(client: Client, unit_admin: User) -> None:
    assert signed_in(client, unit_admin).get(CREATE).status_code == 403
    assert client.post(CREATE, {}).status_code == 403
