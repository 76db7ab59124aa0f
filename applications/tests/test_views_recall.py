"""收回: a confirmation page, then back to the applicant — only before the unit has acted."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from applications.models import Application, HistoryEntry, Status
from applications.tests.pages import flashed, signed_in, text


def recall_url(app: Application) -> str:
    return reverse("applications:recall", args=[app.pk])


def test_it_asks_then_takes_the_application_back(client: Client, submitted: Application) -> None:
    html = text(signed_in(client, submitted.applicant).get(recall_url(submitted)))
    assert "确定收回" in html and f'name="version" value="{submitted.version}"' in html
    assert (
        Application.objects.get(pk=submitted.pk).status == Status.IN_REVIEW
    )  # a GET changes nothing
    response = client.post(recall_url(submitted), {"version": submitted.version})
    assert response["Location"] == reverse("applications:edit", args=[submitted.pk])
    app = Application.objects.get(pk=submitted.pk)
    assert app.status == Status.DRAFT and app.position == 0 and app.holder_unit is None
    assert HistoryEntry.objects.filter(application=app, action="recall").count() == 1
    assert "申请书已收回" in text(client.get(response["Location"]))


def test_after_the_unit_acted_it_is_refused(client: Client, at_department: Application) -> None:
    signed_in(client, at_department.applicant)
    assert "单位已办理该申请书，不能收回" in text(client.get(recall_url(at_department)))
    response = client.post(recall_url(at_department), {"version": at_department.version})
    assert "不能收回" in flashed(response)[-1]
    app = Application.objects.get(pk=at_department.pk)
    assert app.status == Status.IN_REVIEW and app.current_label == "地厅级材料接收部门"


def test_a_stale_page_is_refused(client: Client, submitted: Application) -> None:
    response = signed_in(client, submitted.applicant).post(
        recall_url(submitted), {"version": submitted.version + 5}
    )
    assert "申请书已在其他窗口或由他人更改" in flashed(response)[-1]
    assert Application.objects.get(pk=submitted.pk).status == Status.IN_REVIEW


def test_a_draft_needs_no_recall(client: Client, draft: Application) -> None:
    signed_in(client, draft.applicant)
    assert "申请书尚未提交，无需收回" in text(client.get(recall_url(draft)))
    response = client.post(recall_url(draft), {"version": draft.version})
    assert "不能收回" in flashed(response)[-1]
    assert HistoryEntry.objects.filter(application=draft, action="recall").count() == 0
