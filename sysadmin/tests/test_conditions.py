"""任职资格条件 in 系统设置: the published texts, changed by the 自治区 hr_admin through the
catalogue's action (the machine-checkable 资格预审规则 have pages of their own)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from catalog.models import Level, QualificationCondition, Series
from lib import stale
from sysadmin.models import SettingChange
from sysadmin.tests.helpers import count_queries, text

pytestmark = pytest.mark.django_db

LIST = reverse("sysadmin:conditions")
TEXT = "一、基本条件\n遵守法律法规。\n\n二、学历与资历\n具有硕士学位，取得研究实习员职称后满两年。"


@pytest.fixture
def condition(series: Series) -> QualificationCondition:
    return QualificationCondition.objects.create(
        series=series,
        level=Level.INTERMEDIATE,
        title="社会科学研究中级任职资格条件",
        text=TEXT,
        effective_year=2019,
    )


def edit_url(condition: QualificationCondition) -> str:
    return reverse("sysadmin:condition_edit", args=[condition.pk])


def post(condition: QualificationCondition, **values: Any) -> dict[str, Any]:
    return {
        "title": condition.title,
        "text": condition.text,
        "effective_year": str(condition.effective_year),
        "version": stale.token(condition),
        **values,
    }


def audit_rows() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED))


def test_it_lists_the_conditions(
    client: Client, hr_admin: User, condition: QualificationCondition
) -> None:
    client.force_login(hr_admin)
    page = text(client.get(LIST))
    assert "社会科学研究中级任职资格条件" in page and "中级" in page and "2019" in page
    assert edit_url(condition) in page
    assert LIST in text(client.get(reverse("sysadmin:index")))


def test_it_changes_the_text_and_the_public_page_shows_it(
    client: Client, hr_admin: User, condition: QualificationCondition
) -> None:
    client.force_login(hr_admin)
    new_text = TEXT + "\n\n三、业绩成果\n主持完成课题一项。"
    response = client.post(
        edit_url(condition), post(condition, text=new_text, effective_year="2026")
    )
    assert response.status_code == 302
    condition.refresh_from_db()
    assert (condition.text, condition.effective_year) == (new_text, 2026)
    [row] = audit_rows()
    assert (row.actor, row.target) == (hr_admin, f"任职资格条件 #{condition.pk}")
    assert row.detail == "修改任职资格条件：社会科学研究中级任职资格条件（条件正文、实施年度）"
    assert SettingChange.objects.get(kind="condition").object_id == condition.pk
    client.logout()
    public = text(client.get(reverse("catalog:condition", args=[condition.pk])))
    assert "主持完成课题一项。" in public and "2026 年起" in public


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": "<b>条件</b>"}, "标题不能包含 &lt; 或 &gt; 等符号"),
        ({"title": "\u3000 "}, "这个字段是必填项"),
        ({"text": "   \n  "}, "这个字段是必填项"),
        ({"text": "条件\u202e正文"}, "条件正文中含有不可见的控制字符"),
        ({"text": "条" * 20001}, "条件正文不能超过 20000 个字"),
        ({"effective_year": "1999"}, "2000"),
        ({"effective_year": "二〇二六"}, "输入整数"),
        ({}, "任职资格条件没有变化，无需保存"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(
    client: Client,
    hr_admin: User,
    condition: QualificationCondition,
    values: dict[str, str],
    message: str,
) -> None:
    client.force_login(hr_admin)
    before = condition.updated_at
    response = client.post(edit_url(condition), post(condition, **values))
    assert response.status_code == 200
    assert message in text(response)
    condition.refresh_from_db()
    assert (condition.text, condition.updated_at) == (TEXT, before)
    assert audit_rows() == []


def test_a_stale_form_is_refused(
    client: Client, hr_admin: User, condition: QualificationCondition
) -> None:
    client.force_login(hr_admin)
    data = post(condition, text="我的修改")
    QualificationCondition.objects.get(pk=condition.pk).save()  # someone saved meanwhile
    response = client.post(edit_url(condition), data)
    assert "任职资格条件在您打开页面后已被他人修改" in text(response)
    condition.refresh_from_db()
    assert condition.text == TEXT and audit_rows() == []


def test_prefecture_admin_may_read_but_not_change(
    client: Client, kashgar_hr: User, condition: QualificationCondition
) -> None:
    client.force_login(kashgar_hr)
    page = text(client.get(LIST))
    assert "社会科学研究中级任职资格条件" in page and edit_url(condition) not in page
    assert client.get(edit_url(condition)).status_code == 403
    assert client.post(edit_url(condition), post(condition, text="篡改")).status_code == 403
    condition.refresh_from_db()
    assert condition.text == TEXT and audit_rows() == []


def test_an_unknown_condition_is_404(client: Client, hr_admin: User, series: Series) -> None:
    client.force_login(hr_admin)
    assert client.get(reverse("sysadmin:condition_edit", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_are_refused(
    client: Client, request: pytest.FixtureRequest, who: str, condition: QualificationCondition
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 403
    assert client.post(edit_url(condition), post(condition, text="篡改")).status_code == 403
    condition.refresh_from_db()
    assert condition.text == TEXT


@pytest.mark.parametrize("count", [1, 20])
def test_condition_list_has_constant_queries(
    client: Client, hr_admin: User, regions: object, count: int
) -> None:
    for i in range(count):
        s = Series.objects.create(code=f"s{i}", name=f"系列{i}", sort_order=i)
        QualificationCondition.objects.create(series=s, level=1, title=f"条件{i}", text="正文")
    client.force_login(hr_admin)
    assert count_queries(client, LIST) == 8
    assert len(re.findall(r'href="/system/conditions/\d+/"', text(client.get(LIST)))) == count
