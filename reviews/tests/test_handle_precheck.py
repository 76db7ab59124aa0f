"""办理 shows the reviewer the same 资格预审 result the applicant sees, linked to the sections
on the page; someone else's application stays a 404."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import actions
from applications.models import Application
from applications.tests.eligibility_world import (  # noqa: F401  (fixtures)
    YEAR,
    answer,
    answer_all,
    confirm_hours,
    make_rule,
    place,
    template,
)
from catalog.models import EligibilityRule, Series
from reviews import actions as review_actions
from reviews.tests.conftest import handle_url
from testing.pages import text
from testing.worlds import recommend

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(series: Series) -> EligibilityRule:
    """The full rule of eligibility_world for this form's series and level."""
    return make_rule(series)


@pytest.fixture
def at_unit(draft: Application, rule) -> Application:
    answer_all(draft, education="大学专科", degree="无", title_dates=(f"{YEAR - 1}-09-01",))
    place(draft, "basic", "id_card")
    confirm_hours(draft, {YEAR - 3: "90", YEAR - 2: "90", YEAR - 1: "90"})
    return actions.submit(draft.applicant, draft.pk, expected_version=None)


def plain(html: str) -> str:
    part = html.split('id="precheck"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


def test_the_unit_sees_the_applicants_precheck_on_handling(client: Client, at_unit, unit_admin):
    client.force_login(unit_admin)
    html = text(client.get(handle_url(at_unit)))
    assert "办理申请书" in html
    seen = plain(html)
    assert "资格预审" in seen
    assert "有 3 项条件未满足。" in seen
    assert "资格预审只作提醒，不影响提交；是否符合条件由单位和评审委员会审核决定。" in seen
    assert "学历不低于大学本科 未满足 大学专科 最高学历大学专科，低于大学本科。" in seen
    assert f"取得现职称满 4 年（计算至 {YEAR}-12-31） 未满足" in seen
    assert "须上传：4 教育教学能力 / 公开课、示范课证明 未满足 未上传" in seen
    assert "每年继续教育不少于 90 学时 满足" in seen
    assert f'href="{reverse("reviews:handle", args=[at_unit.pk])}#section-basic"' in html
    assert f'href="{reverse("training:unit")}"' in html
    # The same words the applicant reads on their own page.
    client.force_login(at_unit.applicant)
    mine = plain(text(client.get(reverse("applications:precheck", args=[at_unit.pk]))))
    for line in ("有 3 项条件未满足。", "最高学历大学专科，低于大学本科。", "未上传"):
        assert line in mine


def test_the_committee_sees_it_too(
    client: Client, at_unit, unit_admin, dept_reviewer, committee_staff
):
    recommend(at_unit, unit_admin)
    review_actions.pass_application(unit_admin, at_unit.pk, expected_version=None)
    review_actions.pass_application(dept_reviewer, at_unit.pk, expected_version=None)
    client.force_login(committee_staff)
    seen = plain(text(client.get(handle_url(at_unit))))
    assert "有 3 项条件未满足。" in seen and "学历不低于大学本科 未满足" in seen


def test_another_units_admin_gets_404(client: Client, at_unit, other_unit_admin):
    client.force_login(other_unit_admin)
    response = client.get(handle_url(at_unit))
    assert response.status_code == 404
    assert "资格预审" not in text(response)


def test_handling_queries_do_not_grow_with_the_precheck_rows(client: Client, at_unit, unit_admin):
    client.force_login(unit_admin)
    client.get(handle_url(at_unit, "steps"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(handle_url(at_unit, "steps")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    Application.objects.filter(pk=at_unit.pk).update(status="draft", position=0)
    answer_all(draft_of(at_unit), title_dates=tuple(f"20{n:02d}-03-01" for n in range(10, 20)))
    answer(at_unit, "education", {"rows": [{"education": "大学本科", "degree": "学士"}] * 6})
    for colour in ("red", "green", "blue"):
        place(at_unit, "teaching", "lesson_proof", colour)
    confirm_hours(at_unit, {YEAR - 3: "30", YEAR - 2: "30", YEAR - 1: "30"})
    Application.objects.filter(pk=at_unit.pk).update(status="in_review", position=1)
    assert queries() == few


def draft_of(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)
