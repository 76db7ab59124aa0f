"""新增申请书 and 更改资格 show their errors in the GOV.UK pattern (issue 12 point 8, ADR 0040):
a summary at the top (focusable, role alert) whose lines link to the field each belongs to, the
message beside that field under the id its aria-describedby names, the field marked; no aria id
on the page names nothing."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from applications.tests.pages import signed_in, text
from applications.tests.test_section_errors import dangling
from catalog.models import Level, Series, Specialty, Title
from orgs.models import BaseUnit, ReviewCommittee

CREATE = reverse("applications:create")


def summary_of(html: str) -> str:
    head = html.split('id="form-errors"', 1)[0].rsplit("<div", 1)[1]
    assert "data-error-summary" in head and 'tabindex="-1"' in head and 'role="alert"' in head
    return html.split('id="form-errors"', 1)[1].split("</div>", 1)[0]


def test_a_unit_that_does_not_exist_is_linked_to_the_unit_search(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
) -> None:
    data = {"series": series.pk, "title": title.pk, "specialty": specialty.pk, "unit": 999999}
    html = text(signed_in(client, applicant).post(CREATE, data))
    assert '<a href="#id_q">所选基层工作单位不存在' in summary_of(html)
    assert 'aria-describedby="id_q_hint id_q_error" aria-invalid="true"' in html
    assert "所选基层工作单位不存在" in html.split('id="id_q_error">', 1)[1].split("</div>", 1)[0]
    assert dangling(html) == []


def test_a_specialty_of_another_series_is_linked_to_the_specialty(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    unit_a: BaseUnit,
) -> None:
    other = Series.objects.create(code="ws", name="卫生系列")
    foreign = Specialty.objects.create(series=other, name="临床医学")
    data = {"series": series.pk, "title": title.pk, "specialty": foreign.pk, "unit": unit_a.pk}
    html = text(signed_in(client, applicant).post(CREATE, data))
    assert '<a href="#id_specialty">所选专业不属于该系列' in summary_of(html)
    select = html.split('<select id="id_specialty"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true" aria-describedby="id_specialty_error"' in select
    field = html.split('<select id="id_specialty"', 1)[0].rsplit('<div class="field', 1)[1]
    assert field.startswith(" has-error")
    assert dangling(html) == []


def test_a_refusal_of_the_whole_step_is_in_the_summary(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    other = ReviewCommittee.objects.create(name="别处的评审委员会", region=chain_world.region)
    data = {
        "series": series.pk,
        "title": title.pk,
        "specialty": specialty.pk,
        "unit": unit_a.pk,
        "committee": other.pk,
    }
    html = text(signed_in(client, applicant).post(CREATE, data))
    # The step refuses the choices together, not one field: a line without a link.
    assert "<li>所选评审委员会不评审该单位的此系列和级别" in summary_of(html)
    assert 'id="committee-choices"' in html and "aria-invalid" not in html
    assert dangling(html) == []


def test_a_title_that_is_not_offered_is_explained_beside_the_title(
    client: Client, draft: Application, specialty: Specialty
) -> None:
    senior = Title.objects.create(series=draft.series, level=Level.SENIOR, name="研究员")
    html = text(
        signed_in(client, draft.applicant).get(
            reverse("applications:change", args=[draft.pk]),
            {"series": draft.series_id, "title": senior.pk, "specialty": specialty.pk},
        )
    )
    summary = summary_of(html)
    assert '<a href="#id_title">' in summary and "均没有评审此系列和级别的评审委员会" in summary
    assert "均没有评审此系列和级别的评审委员会" in html.split('id="id_title_error">', 1)[1]
    assert dangling(html) == []


def test_a_page_without_errors_has_no_summary(
    client: Client, chain_world: ReviewCommittee, applicant: User, series: Series
) -> None:
    html = text(signed_in(client, applicant).get(CREATE, {"series": series.pk}))
    assert 'id="form-errors"' not in html and "aria-invalid" not in html
    assert dangling(html) == []


def test_a_committee_that_does_not_exist_is_linked_to_the_choices(
    client: Client,
    chain_world: ReviewCommittee,
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    data = {
        "series": series.pk,
        "title": title.pk,
        "specialty": specialty.pk,
        "unit": unit_a.pk,
        "committee": 999999,
    }
    html = text(signed_in(client, applicant).post(CREATE, data))
    assert '<a href="#committee-choices">所选评审委员会不存在' in summary_of(html)
    assert 'id="step-committee" aria-describedby="committee-error"' in html
    assert "所选评审委员会不存在" in html.split('id="committee-error">', 1)[1].split("</div>", 1)[0]
    assert dangling(html) == []
