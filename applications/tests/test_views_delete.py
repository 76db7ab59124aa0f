"""删除: a confirmation page; only an application never submitted."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from applications import actions
from applications.models import Application, Attachment
from applications.tests.pages import flashed, signed_in, text


def delete_url(app: Application) -> str:
    return reverse("applications:delete", args=[app.pk])


def test_it_asks_then_deletes(client: Client, filled: Application) -> None:
    html = text(signed_in(client, filled.applicant).get(delete_url(filled)))
    assert "确定删除申请书" in html and str(filled.number) in html and "确定删除</button>" in html
    assert Application.objects.filter(pk=filled.pk).exists()
    response = client.post(delete_url(filled), {"version": filled.version})
    assert response["Location"] == reverse("applications:list")
    assert not Application.objects.filter(pk=filled.pk).exists()
    assert (
        Attachment.objects.filter(owner=filled.applicant).count() == 1
    )  # the library keeps the scan
    assert f"申请书 {filled.number}（[乌鲁木齐市][中级]社会科学研究/助理研究员）已删除" in text(
        client.get(response["Location"])
    )


def test_a_submitted_one_is_refused(client: Client, submitted: Application) -> None:
    signed_in(client, submitted.applicant)
    assert "已提交过的申请书不能删除" in text(client.get(delete_url(submitted)))
    response = client.post(delete_url(submitted), {"version": submitted.version})
    assert "不能删除" in flashed(response)[-1]
    assert Application.objects.filter(pk=submitted.pk).exists()


def test_one_submitted_then_recalled_is_refused_too(client: Client, submitted: Application) -> None:
    app = actions.recall(submitted.applicant, submitted.pk, expected_version=None)
    response = signed_in(client, app.applicant).post(delete_url(app), {"version": app.version})
    assert "已提交过的申请书不能删除" in flashed(response)[-1]
    assert Application.objects.filter(pk=app.pk).exists()


def test_a_stale_page_is_refused(client: Client, draft: Application) -> None:
    response = signed_in(client, draft.applicant).post(
        delete_url(draft), {"version": draft.version + 1}
    )
    assert "申请书已在其他窗口或由他人更改" in flashed(response)[-1]
    response = client.post(delete_url(draft), {})
    assert "页面已过期" in flashed(response)[-1]
    assert Application.objects.filter(pk=draft.pk).exists()
