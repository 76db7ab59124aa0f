"""评审范围: the series × levels a committee judges, edited in 系统设置 through orgs' action."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from catalog.models import Level, Series
from lib.refusal import Refused
from orgs.actions import scope_keys, scopes_token
from orgs.models import CommitteeScope, Region, ReviewCommittee
from orgs.reference.loader import load_reference_data
from sysadmin import actions
from sysadmin.models import SettingChange
from sysadmin.tests.helpers import count_queries, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped(committee: ReviewCommittee, series: Series) -> ReviewCommittee:
    CommitteeScope.objects.create(committee=committee, series=series, level=Level.INTERMEDIATE)
    return committee


def url(committee: ReviewCommittee) -> str:
    return reverse("sysadmin:committee_scopes", args=[committee.pk])


def post(committee: ReviewCommittee, values: list[str], **extra: Any) -> dict[str, Any]:
    return {"scopes": values, "version": scopes_token(committee.pk), **extra}


def audit_rows() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED))


def test_it_shows_the_scope_as_a_grid_of_series_and_levels(
    client: Client, hr_admin: User, scoped: ReviewCommittee, series: Series
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(url(scoped)))
    assert "评审范围：乌鲁木齐市评审委员会" in page
    assert f'value="{series.pk}-2" id="scope-{series.pk}-2" checked' in page
    assert f'value="{series.pk}-4" id="scope-{series.pk}-4">' in page
    assert "社会科学研究" in page and "正高" in page
    # Reached from the committee list.
    assert url(scoped) in text(client.get(reverse("sysadmin:committees")))


def test_it_adds_and_removes_scopes_and_audits_the_change_once(
    client: Client, hr_admin: User, scoped: ReviewCommittee, series: Series
) -> None:
    client.force_login(hr_admin)
    response = client.post(url(scoped), post(scoped, [f"{series.pk}-3", f"{series.pk}-4"]))
    assert response.status_code == 302
    assert scope_keys(scoped.pk) == [(series.pk, 3), (series.pk, 4)]
    [row] = audit_rows()
    assert (row.actor, row.target, row.result) == (hr_admin, f"评审范围 #{scoped.pk}", "ok")
    assert row.detail == (
        "修改评审范围：乌鲁木齐市评审委员会，增加 社会科学研究·副高、社会科学研究·正高；"
        "取消 社会科学研究·中级"
    )
    assert SettingChange.objects.get(kind="scope").object_id == scoped.pk
    follow = client.get(response["Location"])
    assert "已保存评审范围：乌鲁木齐市评审委员会" in text(follow)


def test_saving_the_same_scope_changes_nothing_and_is_not_audited(
    client: Client, hr_admin: User, scoped: ReviewCommittee, series: Series
) -> None:
    client.force_login(hr_admin)
    response = client.post(url(scoped), post(scoped, [f"{series.pk}-2"]), follow=True)
    assert "评审范围没有变化" in text(response)
    assert scope_keys(scoped.pk) == [(series.pk, 2)]
    assert audit_rows() == [] and not SettingChange.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["999999-2"], "所选系列或级别不存在，请重新选择。"),
        (["SERIES-9"], "所选系列或级别不存在，请重新选择。"),
        (["<script>"], "所选系列或级别不存在，请重新选择。"),
        ([], "启用的评审委员会至少要有一个评审范围。"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(
    client: Client,
    hr_admin: User,
    scoped: ReviewCommittee,
    series: Series,
    values: list[str],
    message: str,
) -> None:
    client.force_login(hr_admin)
    data = post(scoped, [v.replace("SERIES", str(series.pk)) for v in values])
    response = client.post(url(scoped), data)
    assert response.status_code == 200
    assert message in text(response)
    assert scope_keys(scoped.pk) == [(series.pk, 2)]
    assert audit_rows() == []


def test_a_switched_off_series_is_not_offered_and_cannot_be_added(
    client: Client, hr_admin: User, scoped: ReviewCommittee, series: Series
) -> None:
    old = Series.objects.create(code="old", name="已撤销系列", is_active=False)
    client.force_login(hr_admin)
    assert "已撤销系列" not in text(client.get(url(scoped)))
    response = client.post(url(scoped), post(scoped, [f"{series.pk}-2", f"{old.pk}-2"]))
    assert "所选系列或级别不存在" in text(response)
    with pytest.raises(Refused, match="已停用的系列不能加入评审范围"):
        actions.save_committee_scopes(
            hr_admin, scoped.pk, [(series.pk, 2), (old.pk, 2)], version=scopes_token(scoped.pk)
        )
    assert scope_keys(scoped.pk) == [(series.pk, 2)]


def test_a_switched_off_series_already_in_the_scope_can_be_removed(
    client: Client, hr_admin: User, scoped: ReviewCommittee, series: Series
) -> None:
    old = Series.objects.create(code="old", name="已撤销系列", is_active=False)
    CommitteeScope.objects.create(committee=scoped, series=old, level=1)
    client.force_login(hr_admin)
    page = text(client.get(url(scoped)))
    assert "已撤销系列" in page and "已停用" in page
    client.post(url(scoped), post(scoped, [f"{series.pk}-2"]))
    assert scope_keys(scoped.pk) == [(series.pk, 2)]


def test_an_inactive_committee_may_have_no_scope(
    client: Client, hr_admin: User, scoped: ReviewCommittee
) -> None:
    ReviewCommittee.objects.filter(pk=scoped.pk).update(is_active=False)
    client.force_login(hr_admin)
    assert client.post(url(scoped), post(scoped, [])).status_code == 302
    assert scope_keys(scoped.pk) == []
    assert "取消 社会科学研究·中级" in audit_rows()[0].detail


def test_a_stale_form_is_refused(
    client: Client, hr_admin: User, scoped: ReviewCommittee, series: Series
) -> None:
    client.force_login(hr_admin)
    version = client.get(url(scoped)).context["form"].initial["version"]
    CommitteeScope.objects.create(committee=scoped, series=series, level=Level.SENIOR)  # other tab
    response = client.post(url(scoped), {"scopes": [f"{series.pk}-1"], "version": version})
    assert "评审范围在您打开页面后已被他人修改" in text(response)
    assert scope_keys(scoped.pk) == [(series.pk, 2), (series.pk, 4)]
    assert audit_rows() == []


def test_prefecture_admin_gets_404_for_another_prefecture(
    client: Client,
    kashgar_hr: User,
    scoped: ReviewCommittee,
    series: Series,
    regions: dict[str, Region],
) -> None:
    client.force_login(kashgar_hr)
    assert client.get(url(scoped)).status_code == 404
    assert client.post(url(scoped), post(scoped, [f"{series.pk}-4"])).status_code == 404
    assert scope_keys(scoped.pk) == [(series.pk, 2)]
    with pytest.raises(Exception, match="No ReviewCommittee matches"):
        actions.save_committee_scopes(
            kashgar_hr, scoped.pk, [(series.pk, 4)], version=scopes_token(scoped.pk)
        )
    own = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    assert client.post(url(own), post(own, [f"{series.pk}-1"])).status_code == 302
    assert scope_keys(own.pk) == [(series.pk, 1)]
    assert audit_rows()[0].region == regions["kashgar"]


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_are_refused(
    client: Client, request: pytest.FixtureRequest, who: str, scoped: ReviewCommittee
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(scoped)).status_code == 403
    assert client.post(url(scoped), post(scoped, [])).status_code == 403
    assert CommitteeScope.objects.filter(committee=scoped).count() == 1


@pytest.mark.parametrize("count", [1, 25])
def test_the_grid_has_constant_queries(
    client: Client, hr_admin: User, scoped: ReviewCommittee, count: int
) -> None:
    for i in range(count):
        s = Series.objects.create(code=f"s{i}", name=f"系列{i}", sort_order=10 + i)
        CommitteeScope.objects.create(committee=scoped, series=s, level=Level.SENIOR)
    client.force_login(hr_admin)
    assert count_queries(client, url(scoped)) == 10
    assert text(client.get(url(scoped))).count(" checked>") == count + 1


def test_reloading_reference_data_does_not_bring_back_a_removed_scope(hr_admin: User) -> None:
    load_reference_data()
    committee = ReviewCommittee.objects.filter(scopes__isnull=False).distinct().first()
    assert committee is not None
    before = scope_keys(committee.pk)
    kept = before[1:]
    actions.save_committee_scopes(hr_admin, committee.pk, kept, version=scopes_token(committee.pk))
    load_reference_data()
    assert scope_keys(committee.pk) == kept
