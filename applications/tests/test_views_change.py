"""更改资格: another title, specialty or committee while not submitted; then re-check."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application, HistoryEntry
from applications.tests.pages import signed_in, text
from catalog.models import Level, Specialty, Title
from orgs.models import CommitteeScope


def change_url(app: Application) -> str:
    return reverse("applications:change", args=[app.pk])


@pytest.fixture
def senior(draft: Application) -> Title:
    title = Title.objects.create(series=draft.series, level=Level.ASSOCIATE_SENIOR, name="副研究员")
    CommitteeScope.objects.create(
        committee=draft.committee, series=draft.series, level=Level.ASSOCIATE_SENIOR
    )
    return title


def posted(app: Application, title: Title, specialty: Specialty, **extra: Any) -> dict[str, Any]:
    return {
        "series": title.series_id,
        "title": title.pk,
        "specialty": specialty.pk,
        "committee": app.committee_id,
        "version": app.version,
        **extra,
    }


def test_the_page_starts_from_the_current_choice(
    client: Client, draft: Application, senior: Title
) -> None:
    html = text(signed_in(client, draft.applicant).get(change_url(draft)))
    assert f'<option value="{draft.title_id}" selected>' in html
    assert f'<option value="{senior.pk}">[副高] 副研究员</option>' in html
    assert f'name="committee" value="{draft.committee_id}" checked' in html
    assert "新疆财经大学" in html


def test_it_changes_the_qualification_and_asks_to_recheck(
    client: Client, filled: Application, specialty: Specialty
) -> None:
    senior = Title.objects.create(
        series=filled.series, level=Level.ASSOCIATE_SENIOR, name="副研究员"
    )
    CommitteeScope.objects.create(
        committee=filled.committee, series=filled.series, level=Level.ASSOCIATE_SENIOR
    )
    signed_in(client, filled.applicant)
    response = client.post(change_url(filled), posted(filled, senior, specialty))
    assert response["Location"] == reverse("applications:edit", args=[filled.pk])
    app = Application.objects.get(pk=filled.pk)
    assert (
        app.qualification_label == "[乌鲁木齐市][副高]社会科学研究/副研究员" and app.recheck_needed
    )
    assert HistoryEntry.objects.filter(application=app, action="change").count() == 1
    html = text(client.get(response["Location"]))
    assert "申请资格已更改为 [乌鲁木齐市][副高]社会科学研究/副研究员" in html
    assert "请逐一打开各栏目检查" in html


def test_a_submitted_application_cannot_change(
    client: Client, submitted: Application, specialty: Specialty
) -> None:
    senior = Title.objects.create(
        series=submitted.series, level=Level.ASSOCIATE_SENIOR, name="副研究员"
    )
    CommitteeScope.objects.create(
        committee=submitted.committee, series=submitted.series, level=Level.ASSOCIATE_SENIOR
    )
    signed_in(client, submitted.applicant)
    assert "申请书已提交，不能更改资格" in text(client.get(change_url(submitted)))
    html = text(client.post(change_url(submitted), posted(submitted, senior, specialty)))
    assert "申请书已提交，不能更改资格" in html
    assert Application.objects.get(pk=submitted.pk).title_id == submitted.title_id


def test_a_title_already_applied_for_is_refused(
    client: Client, draft: Application, senior: Title, specialty: Specialty
) -> None:
    from applications import actions

    actions.create_application(draft.applicant, title=senior, specialty=specialty, unit=draft.unit)
    html = text(
        signed_in(client, draft.applicant).post(change_url(draft), posted(draft, senior, specialty))
    )
    assert "同一个资格在同一年度只可以申请一次" in html
    assert f'<option value="{senior.pk}" selected>' in html  # the choice is kept
    assert Application.objects.get(pk=draft.pk).title_id == draft.title_id


def test_a_stale_page_is_refused(
    client: Client, draft: Application, senior: Title, specialty: Specialty
) -> None:
    html = text(
        signed_in(client, draft.applicant).post(
            change_url(draft), posted(draft, senior, specialty, version=draft.version - 1)
        )
    )
    assert "申请书已在其他窗口或由他人更改" in html
    assert Application.objects.get(pk=draft.pk).title_id == draft.title_id


def test_a_title_no_committee_judges_is_refused(
    client: Client, draft: Application, specialty: Specialty
) -> None:
    senior = Title.objects.create(series=draft.series, level=Level.SENIOR, name="研究员")
    signed_in(client, draft.applicant)
    html = text(
        client.get(
            change_url(draft),
            {"series": draft.series_id, "title": senior.pk, "specialty": specialty.pk},
        )
    )
    assert "均没有评审此系列和级别的评审委员会" in html and "确定更改资格" not in html
    html = text(client.post(change_url(draft), posted(draft, senior, specialty)))
    assert "该单位所在地区和自治区均没有评审此系列和级别的评审委员会" in html
    assert Application.objects.get(pk=draft.pk).title_id == draft.title_id
