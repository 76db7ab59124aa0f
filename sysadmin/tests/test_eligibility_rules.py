"""系统设置 → 资格预审规则: the 自治区 hr_admin sets each series' and level's rule per year;
bad input is refused beside the field with nothing saved; prefecture admins only look; a new
year starts as a copy of the last and leaves it unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from catalog.models import EligibilityRule, EligibilityRuleRevision, Level, Series, Title
from sysadmin.tests.helpers import count_queries, flashed, text

YEAR = 2026
GOOD = {
    "min_education": "bachelor",
    "years_basis": "title",
    "min_years": "5",
    "hours_per_year": "90",
    "hours_years": "3",
    "required_slots": ["basic.idcard"],
    "southern_min_education": "associate",
    "southern_min_years": "4",
    "note": "硕士学位满两年，请单位核实。",
    "revision": "",
}


def edit_url(series: Series, level: int = Level.INTERMEDIATE, year: int = YEAR) -> str:
    return reverse("sysadmin:eligibility_rule_edit", args=[series.pk, level, year])


def list_url(year: int = YEAR) -> str:
    return f"{reverse('sysadmin:eligibility_rules')}?year={year}"


def post(client: Client, series: Series, **changes: Any) -> Any:
    return client.post(edit_url(series), {**GOOD, **changes})


@pytest.fixture
def signed_in(client: Client, hr_admin: User) -> Client:
    client.force_login(hr_admin)
    return client


def test_the_index_offers_the_rules(signed_in: Client) -> None:
    html = text(signed_in.get(reverse("sysadmin:index")))
    assert "资格预审规则" in html and reverse("sysadmin:eligibility_rules") in html


def test_it_lists_every_series_and_level_with_titles(
    signed_in: Client, series: Series, template: Any
) -> None:
    html = text(signed_in.get(list_url()))
    assert "资格预审规则（2026 年度）" in html
    assert "<td>社会科学研究</td><td>中级</td>" in html
    assert "未设置" in html
    assert edit_url(series) in html


def test_it_sets_a_rule(signed_in: Client, hr_admin: User, series: Series, template: Any) -> None:
    page = text(signed_in.get(edit_url(series)))
    assert "2026 年 社会科学研究 中级 资格预审规则" in page
    assert "1 基本信息 / 身份证（模板已设为必传）" in page
    response = post(signed_in, series)
    assert response.status_code == 302 and response["Location"] == list_url()
    assert flashed(response) == ["已保存 2026 年 社会科学研究 中级 的资格预审规则。"]
    rule = EligibilityRule.objects.get(series=series, level=Level.INTERMEDIATE, year=YEAR)
    assert (rule.min_education, rule.min_years, rule.hours_per_year) == ("bachelor", 5, 90)
    assert rule.required_slots == ["basic.idcard"]
    assert (rule.southern_min_education, rule.southern_min_years) == ("associate", 4)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SETTINGS_CHANGED, actor=hr_admin, target=f"资格预审规则 #{rule.pk}"
    ).exists()
    listed = text(signed_in.get(list_url()))
    assert "大学本科" in listed and "取得现职称 满 5 年" in listed
    assert "3 年，每年 90 学时" in listed and "大学专科，4 年" in listed
    shown = text(signed_in.get(edit_url(series)))
    assert "现行规则（第 1 次修订）" in shown
    assert "学历不低于大学本科" in shown
    assert "须上传附件：1 基本信息 / 身份证" in shown
    assert "南疆四地州单位的申报人：学历不低于大学专科，取得现职称后满 4 年" in shown


def test_a_change_is_a_new_revision_with_the_old_one_kept(
    signed_in: Client, series: Series, template: Any
) -> None:
    post(signed_in, series)
    response = post(signed_in, series, min_years="6", revision="1")
    assert response.status_code == 302
    page = text(signed_in.get(edit_url(series)))
    assert "现行规则（第 2 次修订）" in page
    assert "最少年限：5 → 6" in page
    assert list(EligibilityRuleRevision.objects.values_list("revision", flat=True)) == [2, 1]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"min_years": "-1"}, "min_years", "年限不能为负数。"),
        ({"southern_min_years": "-3"}, "southern_min_years", "年限不能为负数。"),
        ({"hours_per_year": "501"}, "hours_per_year", "每年学时不能超过 500。"),
        ({"hours_per_year": "0"}, "hours_per_year", "学时至少为 1；不要求学时的请留空。"),
        ({"hours_years": "11"}, "hours_years", "计算年数不能超过 10 年。"),
        ({"min_education": "college"}, "min_education", "请选择列表中的选项。"),
        ({"southern_min_education": "phd"}, "southern_min_education", "请选择列表中的选项。"),
        ({"required_slots": ["nowhere.slot"]}, "required_slots", "请选择模板中的附件。"),
        (
            {"southern_min_years": "6"},
            "southern_min_years",
            "南疆四地州的年限是放宽条件，不能多于一般年限（5 年）。",
        ),
        (
            {"southern_min_education": "master"},
            "southern_min_education",
            "南疆四地州的学历是放宽条件，不能高于一般要求（大学本科）。",
        ),
        ({"years_basis": ""}, "years_basis", "请选择任职年限从何时起算。"),
        ({"min_years": "abc"}, "min_years", "请填写整数年限。"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(
    signed_in: Client, series: Series, template: Any, changes: dict, field: str, message: str
) -> None:
    response = post(signed_in, series, **changes)
    assert response.status_code == 200
    html = text(response)
    box = html.split(f'id="field-{field}"', 1)[1].split('<div class="field', 1)[0]
    assert f'<div class="error" id="id_{field}_error">' in box
    assert f'<span class="visually-hidden">错误：</span>{message}</p>' in box
    if field in ("min_years", "southern_min_years", "hours_per_year", "hours_years"):
        assert f'value="{changes[field]}"' in box  # what was typed is kept
    assert not EligibilityRule.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED).exists()


def test_a_stale_page_is_refused(signed_in: Client, series: Series, template: Any) -> None:
    post(signed_in, series)
    post(signed_in, series, min_years="6", revision="1")
    response = post(signed_in, series, min_years="7", revision="1")
    assert response.status_code == 200
    assert "此规则在您打开页面后已被他人修改。请查看最新内容后重新填写。" in text(response)
    assert EligibilityRule.objects.get().min_years == 6


def test_a_prefecture_admin_may_look_but_not_change(
    client: Client, kashgar_hr: User, hr_admin: User, series: Series, template: Any
) -> None:
    client.force_login(hr_admin)
    post(client, series)
    client.force_login(kashgar_hr)
    html = text(client.get(list_url()))
    assert "资格预审规则适用于全区，由自治区人社管理员维护，您可以查看。" in html
    assert "大学本科" in html
    assert edit_url(series) not in html
    assert client.get(edit_url(series)).status_code == 403
    response = post(client, series, min_years="9", revision="1")
    assert response.status_code == 403
    copy = client.post(
        reverse("sysadmin:eligibility_rules_copy"), {"from_year": "2026", "to_year": "2027"}
    )
    assert copy.status_code == 403
    assert EligibilityRule.objects.get().min_years == 5
    assert not EligibilityRule.objects.filter(year=2027).exists()


def test_other_roles_get_403(client: Client, applicant: User, series: Series) -> None:
    client.force_login(applicant)
    assert client.get(list_url()).status_code == 403
    assert client.get(edit_url(series)).status_code == 403


def test_an_unknown_series_level_or_year_is_404(signed_in: Client, series: Series) -> None:
    bad = [(series.pk + 99, 2, YEAR), (series.pk, 7, YEAR), (series.pk, 2, 1900)]
    for args in bad:
        url = reverse("sysadmin:eligibility_rule_edit", args=args)
        assert signed_in.get(url).status_code == 404


def test_a_new_year_copies_the_last_and_each_year_keeps_its_own(
    signed_in: Client, series: Series, template: Any
) -> None:
    post(signed_in, series)
    html = text(signed_in.get(list_url(2027)))
    assert "从 2026 年复制未设置的规则" in html
    response = signed_in.post(
        reverse("sysadmin:eligibility_rules_copy"), {"from_year": "2026", "to_year": "2027"}
    )
    assert response.status_code == 302 and response["Location"] == list_url(2027)
    assert flashed(response) == ["已从 2026 年复制 1 条资格预审规则到 2027 年。"]
    signed_in.post(edit_url(series, year=2027), {**GOOD, "min_years": "6", "revision": "1"})
    years = dict(EligibilityRule.objects.values_list("year", "min_years"))
    assert years == {2026: 5, 2027: 6}
    assert EligibilityRule.objects.get(year=2026).revision == 1


def test_the_list_queries_do_not_grow_with_rows(
    signed_in: Client, series: Series, template: Any
) -> None:
    post(signed_in, series)
    few = count_queries(signed_in, list_url())
    for n in range(4):
        other = Series.objects.create(code=f"s{n}", name=f"系列{n}", sort_order=10 + n)
        for level in Level.values:
            Title.objects.create(series=other, level=level, name=f"资格{n}-{level}")
            EligibilityRule.objects.create(series=other, level=level, year=YEAR, min_years=None)
    assert count_queries(signed_in, list_url()) == few
