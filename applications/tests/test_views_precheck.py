"""资格预审 on the applicant's pages: the panel beside 提交至工作单位 before the first
submission, the 资格预审 page on demand, links to where to fill things in, a warning that
never blocks submission, and nobody else's application."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import actions
from applications.models import Application, Status
from applications.tests.eligibility_world import (  # noqa: F401  (fixtures)
    YEAR,
    answer,
    answer_all,
    confirm_hours,
    eligible,
    make_rule,
    place,
    template,
)
from applications.tests.pages import flashed, signed_in, text
from catalog.models import EligibilityRule, Series

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(series: Series) -> EligibilityRule:
    """The full rule of eligibility_world for this form's series and level."""
    return make_rule(series)


def precheck_url(app: Application) -> str:
    return reverse("applications:precheck", args=[app.pk])


def edit_url(app: Application) -> str:
    return reverse("applications:edit", args=[app.pk])


def rows(html: str) -> list[str]:
    """The pre-check table's rows as plain text, one string each."""
    body = html.split('id="precheck-table"', 1)[1].split("</table>", 1)[0]
    found = re.findall(r"<tr class=\"precheck-[^>]*>(.*?)</tr>", body, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in found]


def test_the_page_shows_each_rule_met_or_not_with_where_to_fill_it(client: Client, draft, rule):
    answer_all(draft, education="大学专科", degree="无", title_dates=(f"{YEAR - 3}-01-01",))
    confirm_hours(draft, {YEAR - 3: "90", YEAR - 2: "60", YEAR - 1: "90"})
    signed_in(client, draft.applicant)
    html = text(client.get(precheck_url(draft)))
    assert "<h1>资格预审</h1>" in html
    assert f"按 {YEAR} 年度社会科学研究中级资格预审规则，根据申请书中已填写的内容检查。" in html
    assert "有 4 项条件未满足。" in html
    assert "资格预审只作提醒，不影响提交；是否符合条件由单位和评审委员会审核决定。" in html
    assert rows(html) == [
        "学历不低于大学本科 未满足 大学专科 最高学历大学专科，低于大学本科。 1 基本信息",
        f"取得现职称满 4 年（计算至 {YEAR}-12-31） 未满足 {YEAR - 3}-01-01起，满 3 年 "
        f"{YEAR + 1}-01-01才满 4 年，差 1 天。 3 专业技术资格",
        f"{YEAR - 3}—{YEAR - 1} 年每年继续教育不少于 90 学时 未满足 "
        f"{YEAR - 3} 年 90 学时，{YEAR - 2} 年 60 学时，{YEAR - 1} 年 90 学时 "
        f"{YEAR - 2} 年已确认 60 学时，还差 30 学时（以单位确认的学时为准） 继续教育记录",
        "须上传：4 教育教学能力 / 公开课、示范课证明 未满足 未上传 请在该栏目上传相应证明材料。 "
        "4 教育教学能力",
    ]
    assert f'href="{reverse("applications:section", args=[draft.pk, "basic"])}"' in html
    assert f'href="{reverse("applications:section", args=[draft.pk, "teaching"])}"' in html
    assert f'href="{reverse("training:mine")}"' in html
    assert "说明：具有硕士学位的满两年，请单位核实。" in html


def test_a_complete_application_is_all_met(client: Client, draft, rule):
    app = eligible(draft)
    signed_in(client, app.applicant)
    html = text(client.get(precheck_url(app)))
    assert "各项条件均已满足。" in html
    assert "未满足" not in html


def test_the_edit_page_shows_the_precheck_beside_submitting(client: Client, draft, rule):
    answer_all(draft, education="大学专科", degree="无")
    signed_in(client, draft.applicant)
    html = text(client.get(edit_url(draft)))
    panel = html.index('id="precheck"')
    assert panel < html.index('id="submit-panel"')
    assert "有 3 项条件未满足。" in html
    assert f'href="{precheck_url(draft)}" id="precheck-link">资格预审</a>' in html


def test_an_unmet_rule_does_not_block_submission(client: Client, draft, rule):
    answer_all(draft, education="大学专科", degree="无")
    place(draft, "basic", "id_card")
    signed_in(client, draft.applicant)
    version = Application.objects.get(pk=draft.pk).version
    response = client.post(reverse("applications:submit", args=[draft.pk]), {"version": version})
    assert response.status_code == 302
    assert any("申请书已提交至工作单位" in m for m in flashed(response))
    app = Application.objects.get(pk=draft.pk)
    assert app.status == Status.IN_REVIEW and app.submission_count == 1


def test_after_the_first_submission_it_is_on_demand_and_links_to_the_read_only_view(
    client: Client, draft, rule
):
    answer_all(draft, education="大学专科", degree="无")
    place(draft, "basic", "id_card")
    actions.submit(draft.applicant, draft.pk, expected_version=None)
    signed_in(client, draft.applicant)
    html = text(client.get(precheck_url(draft)))
    assert "学历不低于大学本科" in html
    assert f'href="{reverse("applications:detail", args=[draft.pk])}#section-basic"' in html
    actions.recall(draft.applicant, draft.pk, expected_version=None)
    edit = text(client.get(edit_url(draft)))
    assert 'id="precheck"' not in edit  # submitted once already: the button, not the panel
    assert 'id="precheck-link"' in edit


def test_without_a_rule_the_page_says_so(client: Client, draft):
    signed_in(client, draft.applicant)
    html = text(client.get(precheck_url(draft)))
    assert "本系列、本级别尚未设置资格预审规则。" in html


def test_someone_elses_application_is_404(client: Client, draft, rule, outsider):
    signed_in(client, outsider)
    response = client.get(precheck_url(draft))
    assert response.status_code == 404
    assert "学历不低于" not in text(response)


def test_a_unit_admin_cannot_open_the_applicants_page(client: Client, draft, rule, unit_admin):
    signed_in(client, unit_admin)
    response = client.get(precheck_url(draft))
    assert response.status_code in (403, 404)
    assert "学历不低于" not in text(response)


def test_the_page_queries_do_not_grow_with_rows(client: Client, draft, rule):
    signed_in(client, draft.applicant)
    answer_all(draft)
    confirm_hours(draft, {YEAR - 1: "90"})
    client.get(precheck_url(draft))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(precheck_url(draft)).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    answer_all(draft, title_dates=tuple(f"20{n:02d}-03-01" for n in range(10, 20)))
    answer(draft, "education", {"rows": [{"education": "大学本科", "degree": "学士"}] * 6})
    for colour in ("red", "green", "blue", "black"):
        place(draft, "teaching", "lesson_proof", colour)
    confirm_hours(draft, {YEAR - 3: "30", YEAR - 2: "30", YEAR - 1: "30"})
    assert queries() == few
